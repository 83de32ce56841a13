import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HaproxyRenderInput, renderHaproxyConfig, renderUnavailablePage } from "./contract/haproxyConfig";
import { createDockerLoadBalancer } from "./platforms/docker/loadBalancerContainer";
import type { Transform } from "./transform";

export interface FailoverLoadBalancerArgs {
    /** Docker container name of the HAProxy container. */
    readonly containerName: string;
    /** Docker network of its host; same-host Web Authors are resolved there by Docker's DNS. */
    readonly networkName: pulumi.Input<string>;
    /** HAProxy image. Default in the schema: `haproxy:3.0.5` (pinned). */
    readonly image: string;
    /**
     * What the HAProxy configuration says: production active, redundancy backup, health checks, stickiness,
     * Admin-page guard. See `renderHaproxyConfig` for the behaviour it promises.
     */
    readonly haproxy: HaproxyRenderInput;
    /** Public HTTP port on the Docker host. Default in the schema: 80. */
    readonly httpPort: number;
    /** TLS termination: public HTTPS port and the PEM bundle (certificate, chain, key) as a secret Output. */
    readonly tls?: { readonly httpsPort: number; readonly certificatePem: pulumi.Input<string> };
    /** Per-child escape hatches: adjust the image pull or the container's args. */
    readonly transforms?: {
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
}

/** HAProxy in front of the two Web Authors: users reach redundancy only while production is down. */
export class FailoverLoadBalancer extends pulumi.ComponentResource {
    /** The rendered configuration (holds no secret). */
    readonly haproxyConfig: string;
    readonly container: docker.Container;

    constructor(name: string, args: FailoverLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:FailoverLoadBalancer", name, {}, opts);
        if ((args.tls === undefined) !== (args.haproxy.tls === undefined)) {
            throw new Error(`FailoverLoadBalancer ${name}: args.tls and args.haproxy.tls must be set together`);
        }
        this.haproxyConfig = renderHaproxyConfig(args.haproxy);
        const created = createDockerLoadBalancer(this, name, {
            containerName: args.containerName,
            networkName: args.networkName,
            image: args.image,
            haproxyConfig: this.haproxyConfig,
            unavailablePage: renderUnavailablePage(),
            httpPort: args.httpPort,
            tls: args.tls,
            transforms: args.transforms,
        });
        this.container = created.container;
        this.registerOutputs({ containerName: args.containerName });
    }
}
