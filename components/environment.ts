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
        this.licenseServer = new LicenseServer(`${name}-license-server`, { ...args.licenseServer, role: args.role }, { parent: this });
        this.webAuthor = new WebAuthor(`${name}-web-author`, { ...args.webAuthor, role: args.role } as WebAuthorArgs, { parent: this });
        this.registerOutputs({ role: args.role, activationUrl: this.licenseServer.activationUrl });
    }
}
