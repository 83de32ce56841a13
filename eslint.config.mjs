// Lint: the recommended JavaScript and TypeScript rules, over the library, the stacks, the tests and the benchmark;
// layout is Prettier's (`npm run format:check`), so the rules that would fight it are off (eslint-config-prettier, last).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", ".pulumi-state/", "coverage/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["tests/**/*.ts", "bench/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // Policies read the engine's untyped resource properties (`PolicyResource.props` is `Record<string, any>`).
        files: ["policy/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.mjs", "**/*.js"],
        languageOptions: { globals: { process: "readonly", module: "writable", require: "readonly", __dirname: "readonly", console: "readonly" } },
    },
    prettier,
);
