import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { createDockerLicenseServer, DockerLicenseServerContainer, DockerLicenseServerTransforms } from "./platforms/docker/licenseServerContainer";

export interface LicenseServerArgs {
    /** Which environment this license server belongs to; decides which key it may hold. */
    readonly role: Role;
    /**
     * `external`: an existing server (VM or host) that this component only records; `container`: a local-trial
     * container on Docker. The vendor does not support license servers in containers.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/floating-license-servlet-setup.html
     */
    readonly mode: "external" | "container";
    /** Page where the key is pasted and activated once (container: the published port; external: the server's page). */
    readonly activationUrl: string;
    /** `container` mode only: the container's settings and secrets. Ignored in `external` mode. */
    readonly container?: DockerLicenseServerContainer;
    /** Per-child escape hatches (container mode). */
    readonly transforms?: DockerLicenseServerTransforms;
}

/** One HTTP License Server: a local-trial container on Docker, or a record of an external server. */
export class LicenseServer extends pulumi.ComponentResource {
    /** Where the one-time key activation is done. */
    readonly activationUrl: pulumi.Output<string>;
    /** The container (container mode only). */
    readonly container: docker.Container | undefined;

    constructor(name: string, args: LicenseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:LicenseServer", name, {}, opts);
        if (args.mode === "container") {
            if (args.container === undefined) {
                throw new Error(`LicenseServer ${name}: args.container is required in container mode`);
            }
            const created = createDockerLicenseServer(this, name, args.container, args.transforms);
            this.container = created.container;
        }
        this.activationUrl = pulumi.output(args.activationUrl);
        this.registerOutputs({ activationUrl: this.activationUrl });
    }
}
