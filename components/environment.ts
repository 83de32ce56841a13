import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { LicenseServer, LicenseServerArgs } from "./licenseServer";
import { WebAuthor, WebAuthorArgs } from "./webAuthor";

/** `Omit` that keeps a union a union (plain `Omit` would keep only the members' common fields). */
type WithoutRole<T> = T extends unknown ? Omit<T, "role"> : never;

export interface EnvironmentArgs {
    /** `production` or `redundancy` (vendor topic Redundancy-Deployment-for-Web-Author). */
    readonly role: Role;
    /** This environment's license server. Its key must be this environment's key. */
    readonly licenseServer: WithoutRole<LicenseServerArgs>;
    /** This environment's Web Author; its licensing points at production's server (main) and redundancy's (backup). */
    readonly webAuthor: WithoutRole<WebAuthorArgs>;
    /**
     * Rolling changes: the environment whose parts change first. This environment's license server waits for that
     * one's, and its Web Author for that one's (Pulumi `dependsOn`), so a change that reaches both is applied to the
     * other first, and here only once the other is healthy again. The deployment passes redundancy to production.
     * Default: none.
     */
    readonly after?: Environment;
}

/**
 * One environment of the redundancy deployment: one license server and one Web Author. Pass a provider in
 * `opts.providers` to place the environment on its own Docker host or AWS region/account; the children inherit it.
 */
export class Environment extends pulumi.ComponentResource {
    readonly role: Role;
    readonly licenseServer: LicenseServer;
    readonly webAuthor: WebAuthor;

    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:Environment", name, {}, opts);
        this.role = args.role;
        const after = args.after;
        const licenseServerWaitsFor = after ? [after.licenseServer.container ?? after.licenseServer.ec2?.instance].filter((r) => r !== undefined) : [];
        const webAuthorWaitsFor = after ? [after.webAuthor.container ?? after.webAuthor.aws?.service].filter((r) => r !== undefined) : [];
        this.licenseServer = new LicenseServer(
            `${name}-license-server`,
            { ...args.licenseServer, role: args.role, waitFor: licenseServerWaitsFor as pulumi.Resource[] },
            { parent: this },
        );
        this.webAuthor = new WebAuthor(
            `${name}-web-author`,
            { ...args.webAuthor, role: args.role, waitFor: webAuthorWaitsFor as pulumi.Resource[] } as WebAuthorArgs,
            { parent: this },
        );
        this.registerOutputs({ role: args.role, activationUrl: this.licenseServer.activationUrl });
    }
}
