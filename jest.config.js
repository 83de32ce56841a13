/**
 * Two projects (`npm run test:unit`, `npm run test:real`; plain `jest` runs both):
 * - unit: nothing outside Node runs: pure code, the components under Pulumi's mocks, the policies, the test-only
 *   platform, and the published package (built with the TypeScript compiler, loaded by Node): tests/contract,
 *   tests/components, tests/policy, tests/platforms, tests/package. CPU-bound, so it gets both cores.
 * - real: what runs a real program besides Node: HAProxy, Java, Tomcat, bash and the scripts, shellcheck,
 *   cloud-init (tests/real, tests/scripts). Two workers as well: the failover timings (tests/real/haproxy.test.ts)
 *   keep their margins beside one other file, and the file spends most of its time waiting.
 * The system tests have their own config (jest.system.config.js): they need root and take longer.
 *
 * Jest transpiles TypeScript without type-checking (ts-jest isolatedModules): `tsc --noEmit` checks types once, in
 * `npm test`, instead of once per test file.
 */
const shared = {
    testEnvironment: "node",
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: false }] },
    testMatch: ["**/*.test.ts"],
};

module.exports = {
    // A global option: Jest ignores it inside a project.
    testTimeout: 30000,
    projects: [
        {
            ...shared,
            displayName: "unit",
            roots: ["<rootDir>/tests/contract", "<rootDir>/tests/components", "<rootDir>/tests/policy", "<rootDir>/tests/platforms", "<rootDir>/tests/package"],
        },
        { ...shared, displayName: "real", roots: ["<rootDir>/tests/real", "<rootDir>/tests/scripts"] },
    ],
};
