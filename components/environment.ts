import * as pulumi from "@pulumi/pulumi";
import { rollingPartsOf } from "./contract/rollingOrder";
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
    /**
     * What this environment's first part to change waits for (rolling changes, `ROLLING_SEQUENCE` in
     * contract/rollingOrder.ts): the other environment's `healthy`, when this one changes after it. Default: nothing.
     */
    readonly waitFor?: readonly pulumi.Resource[];
}

/**
 * One environment of the redundancy deployment: one license server and one Web Author. Pass a provider in
 * `opts.providers` to place the environment on its own Docker host or AWS region/account; the children inherit it.
 */
export class Environment<LicenseServerChildren = unknown, WebAuthorChildren = unknown> extends pulumi.ComponentResource {
    readonly role: Role;
    readonly licenseServer: LicenseServer<LicenseServerChildren>;
    readonly webAuthor: WebAuthor<WebAuthorChildren>;
    /** What a part that changes after this environment's waits for: its last part to change, healthy again. */
    readonly healthy: readonly pulumi.Resource[];

    constructor(name: string, args: EnvironmentArgs<LicenseServerChildren, WebAuthorChildren>, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:Environment", name, {}, opts);
        this.role = args.role;
        // The parts in this environment's rolling order, each waiting for the one before (a part with nothing of ours
        // to wait on, an external license server, passes the wait on).
        let waitFor: readonly pulumi.Resource[] = args.waitFor ?? [];
        const after = (part: { readonly healthy: pulumi.Resource | undefined }) => (part.healthy === undefined ? waitFor : [part.healthy]);
        let licenseServer: LicenseServer<LicenseServerChildren> | undefined;
        let webAuthor: WebAuthor<WebAuthorChildren> | undefined;
        for (const part of rollingPartsOf(args.role)) {
            if (part === "licenseServer") {
                licenseServer = new LicenseServer(`${name}-license-server`, { role: args.role, part: args.licenseServer, waitFor }, { parent: this });
                waitFor = after(licenseServer);
            } else {
                webAuthor = new WebAuthor(`${name}-web-author`, { role: args.role, part: args.webAuthor, waitFor }, { parent: this });
                waitFor = after(webAuthor);
            }
        }
        if (licenseServer === undefined || webAuthor === undefined) throw new Error(`the rolling order leaves out a part of ${args.role}`);
        this.licenseServer = licenseServer;
        this.webAuthor = webAuthor;
        this.healthy = waitFor;
        this.registerOutputs({ role: args.role, activationUrl: this.licenseServer.activationUrl });
    }
}
