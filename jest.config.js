/**
 * Jest transpiles TypeScript without type-checking (ts-jest isolatedModules): `tsc --noEmit` checks types once, in
 * `npm test`, instead of once per test file.
 */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    // The system tests have their own project (jest.system.config.js): they need root and take longer.
    testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/system/"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: false }] },
    testTimeout: 30000,
};
