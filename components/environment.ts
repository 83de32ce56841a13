import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { LicenseServer } from "./licenseServer";
import type { LicenseServerPart, WebAuthorPart } from "./platforms/shared/platform";
import { WebAuthor } from "./webAuthor";

export interface EnvironmentArgs<LicenseServerChildren, WebAuthorChildren> {
    /** `production` or `redundancy` (vendor topic Redundancy-Deployment-for-Web-Author). */
    readonly role: Role;
    /** This environment's license server. Its key must be this environment's key. */
    readonly licenseServer: LicenseServerPart<LicenseServerChildren>;
    /** This environment's Web Author; its licensing points at production's server (main) and redundancy's (backup). */
    readonly webAuthor: WebAuthorPart<WebAuthorChildren>;
}

/**
 * One environment of the redundancy deployment: one license server and one Web Author. Pass a provider in
 * `opts.providers` to place the environment on its own Docker host or AWS region/account; the children inherit it.
 */
export class Environment<LicenseServerChildren = unknown, WebAuthorChildren = unknown> extends pulumi.ComponentResource {
    readonly role: Role;
    readonly licenseServer: LicenseServer<LicenseServerChildren>;
    readonly webAuthor: WebAuthor<WebAuthorChildren>;

    constructor(name: string, args: EnvironmentArgs<LicenseServerChildren, WebAuthorChildren>, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:Environment", name, {}, opts);
        this.role = args.role;
        this.licenseServer = new LicenseServer(`${name}-license-server`, { role: args.role, part: args.licenseServer }, { parent: this });
        this.webAuthor = new WebAuthor(`${name}-web-author`, { role: args.role, part: args.webAuthor }, { parent: this });
        this.registerOutputs({ role: args.role, activationUrl: this.licenseServer.activationUrl });
    }
}
