/**
 * The system tests (tests/system, `npm run test:system`): every artifact started from the registered resources,
 * and three Docker hosts in network namespaces. They need root and take longer than the `jest` run, which skips them.
 */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests/system"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: false }] },
    testTimeout: 120000,
    globalSetup: "<rootDir>/tests/system/harness/globalSetup.ts",
    globalTeardown: "<rootDir>/tests/system/harness/globalTeardown.ts",
};
