import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { createDockerLicenseServer } from "./platforms/docker/licenseServerContainer";
import type { Transform } from "./transform";

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
    readonly container?: {
        /** Docker container name, also its DNS name on the network. */
        readonly name: string;
        /** Docker network (one per host) where the Web Authors on this host reach it by name. */
        readonly networkName: pulumi.Input<string>;
        /** License servlet context path. Default in the schema: `oXygenLicenseServlet`. */
        readonly contextPath: string;
        /** User with Tomcat role `user`, which Web Author connects as. */
        readonly user: string;
        /** Host port (TCP) the server's page is published on, for activation. */
        readonly hostPort: number;
        /** Host interface the port binds to. Default in the schema: `127.0.0.1`. */
        readonly publishAddress: string;
        /** WAR to build the image from (unless `image`). */
        readonly warUrl?: string;
        /** Your own image instead of docker/license-server. */
        readonly image?: string;
        /** This environment's license key, and only this environment's: a secret Output. */
        readonly licenseKey: pulumi.Input<string>;
        /** Password of `user`: a secret Output. */
        readonly userPassword: pulumi.Input<string>;
        /** Password of Tomcat user `admin` (role `admin`): a secret Output. */
        readonly adminPassword: pulumi.Input<string>;
    };
    /** Per-child escape hatches. */
    readonly transforms?: {
        readonly workVolume?: Transform<docker.VolumeArgs>;
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
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
            const c = args.container;
            const created = createDockerLicenseServer(this, name, {
                containerName: c.name,
                networkName: c.networkName,
                contextPath: c.contextPath,
                user: c.user,
                hostPort: c.hostPort,
                publishAddress: c.publishAddress,
                warUrl: c.warUrl,
                image: c.image,
                licenseKey: c.licenseKey,
                userPassword: c.userPassword,
                adminPassword: c.adminPassword,
                transforms: args.transforms,
            });
            this.container = created.container;
        }
        this.activationUrl = pulumi.output(args.activationUrl);
        this.registerOutputs({ activationUrl: this.activationUrl });
    }
}
