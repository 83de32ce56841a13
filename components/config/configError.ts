/** One problem found in the stack configuration, named by the key the user typed. */
export interface ConfigIssue {
    /** The config key as written in `Pulumi.<stack>.yaml` / `pulumi config set --path`, e.g. `loadBalancer.healthCheck.fall`. */
    readonly key: string;
    /** What is wrong, in words a user can act on. */
    readonly message: string;
}

/**
 * Thrown before any resource is registered when the configuration is invalid. Lists every problem at once, so a
 * user fixes the stack file in one pass instead of one `pulumi preview` per typo.
 */
export class ConfigValidationError extends Error {
    readonly issues: readonly ConfigIssue[];

    constructor(namespace: string, issues: readonly ConfigIssue[]) {
        const lines = issues.map((issue) => `  - ${namespace}:${issue.key}: ${issue.message}`);
        super(`Invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}); nothing was deployed:\n${lines.join("\n")}`);
        this.name = "ConfigValidationError";
        this.issues = issues;
    }
}
