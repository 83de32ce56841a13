/**
 * Three projects (`npm run test:unit`, `test:real`, `test:slow`; plain `jest` runs all three):
 * - unit: nothing outside Node runs: pure code, the components under Pulumi's mocks, the policies, the test-only
 *   platform: tests/contract, tests/components, tests/policy, tests/platforms. CPU-bound, so it gets both cores.
 * - real: what runs a real program besides Node: HAProxy, Java, Tomcat, bash, shellcheck, cloud-init (tests/real).
 *   Two workers as well: the failover timings (tests/real/haproxy.test.ts) keep their margins beside one other file,
 *   and the file spends most of its time waiting.
 * - slow: the suites that cost the most CPU, kept out of `npm test` so that it stays under a minute on two cores, and
 *   run by `npm run test:all` (and CI): the published package (built with the TypeScript compiler), the up scripts
 *   against a stand-in Pulumi CLI (tests/scripts), and the rolling-order table (one program run per config key).
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

/** The slow project's files, by path below tests/. */
const SLOW = ["<rootDir>/tests/package/", "<rootDir>/tests/scripts/", "<rootDir>/tests/components/rollingOrder.test.ts"];

module.exports = {
    // A global option: Jest ignores it inside a project.
    testTimeout: 30000,
    projects: [
        {
            ...shared,
            displayName: "unit",
            roots: ["<rootDir>/tests/contract", "<rootDir>/tests/components", "<rootDir>/tests/policy", "<rootDir>/tests/platforms"],
            testPathIgnorePatterns: SLOW,
        },
        { ...shared, displayName: "real", roots: ["<rootDir>/tests/real"] },
        {
            ...shared,
            displayName: "slow",
            roots: ["<rootDir>/tests/package", "<rootDir>/tests/scripts", "<rootDir>/tests/components"],
            testMatch: ["**/tests/package/**/*.test.ts", "**/tests/scripts/**/*.test.ts", "**/tests/components/rollingOrder.test.ts"],
        },
    ],
};
