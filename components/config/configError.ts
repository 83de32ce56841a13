import { RunError } from "@pulumi/pulumi/errors";

/** One problem found in the stack configuration (or the component's arguments), named by the key the user typed. */
export interface ConfigIssue {
    /** The config key as written in `Pulumi.<stack>.yaml` / `pulumi config set --path`, e.g. `loadBalancer.healthCheck.fall`. */
    readonly key: string;
    /** What is wrong, in words a user can act on. Never the value of a secret. */
    readonly message: string;
}

/**
 * Thrown before any resource is registered when the configuration is invalid. Lists every problem at once, so a
 * user fixes the stack file in one pass instead of one `pulumi preview` per typo.
 *
 * It is a `pulumi.RunError`: the Pulumi CLI prints a RunError's message alone, without the stack trace it prints for
 * other exceptions, so a configuration mistake reads like one of Pulumi's own errors.
 */
export class ConfigValidationError extends RunError {
    readonly issues: readonly ConfigIssue[];

    /**
     * @param namespace the config namespace each key is printed under (`<namespace>:<key>`), or, for a component's
     *        arguments, a label such as `RedundantWebAuthor "docs"` (printed in the title; keys are printed as they are).
     * @param subject what was checked: `configuration` (stack config) or `arguments` (a component's args).
     */
    constructor(namespace: string, issues: readonly ConfigIssue[], subject: "configuration" | "arguments" = "configuration") {
        const where = subject === "configuration" ? `${namespace}:` : "";
        const lines = issues.map((issue) => `  - ${where}${issue.key}: ${issue.message}`);
        const title = subject === "configuration" ? "Invalid configuration" : `Invalid arguments to ${namespace}`;
        super(`${title} (${issues.length} problem${issues.length === 1 ? "" : "s"}); nothing was deployed:\n${lines.join("\n")}`);
        this.name = "ConfigValidationError";
        this.issues = issues;
    }
}

/**
 * A value that validation has required for the case at hand (e.g. `production.licenseServerUrl` in `external` mode),
 * read without a cast: it throws, naming the key, if a caller skipped validation.
 * @internal
 */
export function validated<T>(value: T | undefined, key: string): T {
    if (value === undefined) throw new Error(`${key} is not set; was the configuration validated with parseDeploymentConfig?`);
    return value;
}
