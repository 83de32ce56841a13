// Lint: the recommended JavaScript and TypeScript rules, over the library, the stacks, the tests and the benchmark;
// layout is Prettier's (`npm run format:check`), so the rules that would fight it are off (eslint-config-prettier, last).
// Pulumi's own rules (@pulumi/eslint-plugin) run, with type information, over the library and the stack program.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", ".pulumi-state/", "coverage/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        // @pulumi/eslint-plugin 0.3.1 ships its rules only (no flat config; its README's `plugins: pulumi` is not a
        // valid flat config), so they are wired here. Both need type information: an `Output` in an untagged template
        // literal renders as a warning text instead of its value (use `pulumi.interpolate` or `.apply`). The plugin
        // recognises a type by its alias name, so it sees `Output<T>` but neither `OutputInstance<T>` (an interface:
        // its second rule never fires) nor an `Input<T>` holding an Output; typescript-eslint's
        // restrict-template-expressions refuses any object in a template literal, which covers both.
        files: ["components/**/*.ts", "stacks/**/*.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/restrict-template-expressions": "error",
        },
    },
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
        files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
        languageOptions: { globals: { process: "readonly", module: "writable", require: "readonly", __dirname: "readonly", console: "readonly" } },
    },
    {
        // CommonJS scripts (a stand-in that hooks `require` must be one).
        files: ["**/*.cjs"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    prettier,
);
