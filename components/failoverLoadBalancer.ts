import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerPart } from "./platforms/shared/platform";

export interface FailoverLoadBalancerArgs<Children> {
    /**
     * How the platform fails users over: HAProxy with production active and redundancy backup on Docker (see
     * `renderHaproxyConfig`), Route 53 failover records in front of the environments' ALBs on AWS.
     */
    readonly part: LoadBalancerPart<Children>;
}

/** What sends users to production, and to redundancy only while production is down. */
export class FailoverLoadBalancer<Children = unknown> extends pulumi.ComponentResource {
    /** The platform's children, typed by the platform (e.g. `DockerLoadBalancerChildren`, `AwsFailoverChildren`). */
    readonly children: Children;

    constructor(name: string, args: FailoverLoadBalancerArgs<Children>, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:FailoverLoadBalancer", name, {}, opts);
        this.children = args.part.build(this, name);
        this.registerOutputs(args.part.outputs(this.children));
    }
}
