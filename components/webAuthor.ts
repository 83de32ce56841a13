import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { createDockerWebAuthor } from "./platforms/docker/webAuthorContainer";
import type { Transform } from "./transform";

export interface WebAuthorArgs {
    /** Which environment this Web Author belongs to (`production` is the load balancer's active server). */
    readonly role: Role;
    /** Docker container name, also its DNS name on the network. */
    readonly containerName: string;
    /** Docker network (one per host) the container joins; the load balancer reaches it there by name. */
    readonly networkName: pulumi.Input<string>;
    /**
     * Main and backup license servlet URLs and the user; the same main (production) and backup (redundancy) for
     * both Web Authors. Written to `license.properties` by the image's entrypoint.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/webapp_licensing.html
     */
    readonly licensing: { readonly mainUrl: string; readonly backupUrl: string; readonly user: string };
    /** `licensing.server.password` (and the backup's): a secret Output. */
    readonly licenseServerPassword: pulumi.Input<string>;
    /** Initial Admin page password (`OXYGEN_ADMIN_SETUP_PASSWORD`, 27.0+): a secret Output. */
    readonly adminSetupPassword: pulumi.Input<string>;
    /** Your own image instead of building docker/web-author. Default: build it. */
    readonly image?: string;
    /** All-platforms kit URL the image is built from. */
    readonly kitUrl: string;
    /** CPU cores. Vendor minimum: 2. */
    readonly cpus: number;
    /** Memory limit, MiB. Vendor recommendation: 6144. */
    readonly memoryMb: number;
    /** `-Xmx`, MiB. */
    readonly maxHeapMb: number;
    /** `networkaddress.cache.ttl`, seconds. */
    readonly dnsCacheTtlSeconds: number;
    /** How long `pulumi up` waits for the container to be healthy, seconds. */
    readonly startTimeoutSeconds: number;
    /** Host port to publish the Web Author on directly. Default: not published. */
    readonly hostPort?: number;
    /** Per-child escape hatches. */
    readonly transforms?: {
        readonly dataVolume?: Transform<docker.VolumeArgs>;
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
}

/** One Web Author, connected to the main and backup license servers, with its data directory persisted. */
export class WebAuthor extends pulumi.ComponentResource {
    readonly container: docker.Container;
    readonly dataVolume: docker.Volume;

    constructor(name: string, args: WebAuthorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:WebAuthor", name, {}, opts);
        const created = createDockerWebAuthor(this, name, {
            containerName: args.containerName,
            networkName: args.networkName,
            licensing: args.licensing,
            licenseServerPassword: args.licenseServerPassword,
            adminSetupPassword: args.adminSetupPassword,
            image: args.image,
            kitUrl: args.kitUrl,
            cpus: args.cpus,
            memoryMb: args.memoryMb,
            maxHeapMb: args.maxHeapMb,
            dnsCacheTtlSeconds: args.dnsCacheTtlSeconds,
            startTimeoutSeconds: args.startTimeoutSeconds,
            hostPort: args.hostPort,
            transforms: args.transforms,
        });
        this.container = created.container;
        this.dataVolume = created.dataVolume;
        this.registerOutputs({ containerName: args.containerName });
    }
}
