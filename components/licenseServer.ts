import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import type { LicenseServerPart } from "./platforms/shared/platform";

export interface LicenseServerArgs<Children> {
    /** Which environment this license server belongs to; decides which key it may hold. */
    readonly role: Role;
    /**
     * How the platform runs it: a local-trial container on Docker, an EC2 instance on AWS, or a record of an existing
     * server (`externalLicenseServer`), with its activation and servlet URLs.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/floating-license-servlet-setup.html
     */
    readonly part: LicenseServerPart<Children>;
    /**
     * What this part's restarting resources wait for (Pulumi `dependsOn`): the part before it in the rolling order
     * (`ROLLING_SEQUENCE`, contract/rollingOrder.ts), healthy again. Default: nothing.
     */
    readonly waitFor?: readonly pulumi.Resource[];
}

/** One HTTP License Server, as its platform runs it. */
export class LicenseServer<Children = unknown> extends pulumi.ComponentResource {
    readonly role: Role;
    /** Where the one-time key activation is done. */
    readonly activationUrl: pulumi.Output<string>;
    /** The license servlet URL the Web Authors use for this server. */
    readonly url: pulumi.Output<string>;
    /** The platform's children, typed by the platform (e.g. `DockerLicenseServerChildren`, `AwsLicenseServerChildren`). */
    readonly children: Children;
    /**
     * The child that says this part is healthy again (see `EnvironmentPartBuilder.healthy`), or undefined when nothing
     * of the deployment's runs it.
     */
    readonly healthy: pulumi.Resource | undefined;

    constructor(name: string, args: LicenseServerArgs<Children>, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:LicenseServer", name, {}, opts);
        this.role = args.role;
        this.children = args.part.build(this, name, args.waitFor ?? []);
        this.healthy = args.part.healthy(this.children);
        this.activationUrl = pulumi.output(args.part.activationUrl);
        this.url = pulumi.output(args.part.url);
        this.registerOutputs({ activationUrl: this.activationUrl, url: this.url, ...args.part.outputs(this.children) });
    }
}
