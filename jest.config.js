/**
 * Two projects (`npm run test:unit`, `npm run test:real`; plain `jest` runs both):
 * - unit: pure code and the components under Pulumi's mocks (tests/contract, tests/components, tests/policy,
 *   tests/platforms); nothing outside Node runs. CPU-bound, so it gets both cores.
 * - real: what runs a real program: HAProxy, Java, Tomcat, bash and the scripts, shellcheck, cloud-init, the
 *   TypeScript compiler on the published package (tests/real, tests/scripts, tests/package). Some of these time a
 *   failover, so they run one file at a time.
 * The system tests have their own config (jest.system.config.js): they need root and take longer.
 *
 * Jest transpiles TypeScript without type-checking (ts-jest isolatedModules): `tsc --noEmit` checks types once, in
 * `npm test`, instead of once per test file.
 */
const shared = {
    testEnvironment: "node",
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: false }] },
    testMatch: ["**/*.test.ts"],
    testTimeout: 30000,
};

const REAL = ["<rootDir>/tests/real", "<rootDir>/tests/scripts", "<rootDir>/tests/package"];

module.exports = {
    projects: [
        {
            ...shared,
            displayName: "unit",
            roots: ["<rootDir>/tests/contract", "<rootDir>/tests/components", "<rootDir>/tests/policy", "<rootDir>/tests/platforms"],
        },
        { ...shared, displayName: "real", roots: REAL },
    ],
};
