import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HaproxyRenderInput, renderHaproxyConfig, renderUnavailablePage } from "./contract/haproxyConfig";
import { createDockerLoadBalancer, DockerLoadBalancerInputs } from "./platforms/docker/loadBalancerContainer";

export interface FailoverLoadBalancerArgs extends Omit<DockerLoadBalancerInputs, "haproxyConfig" | "unavailablePage"> {
    /**
     * What the HAProxy configuration says: production active, redundancy backup, health checks, stickiness,
     * Admin-page guard. See `renderHaproxyConfig` for the behaviour it promises.
     */
    readonly haproxy: HaproxyRenderInput;
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
        const created = createDockerLoadBalancer(this, name, { ...args, haproxyConfig: this.haproxyConfig, unavailablePage: renderUnavailablePage() });
        this.container = created.container;
        this.registerOutputs({ containerName: args.containerName });
    }
}
