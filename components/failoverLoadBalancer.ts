import type * as aws from "@pulumi/aws";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HaproxyRenderInput, renderHaproxyConfig, renderUnavailablePage } from "./contract/haproxyConfig";
import { renderProductionVerdictLua } from "./contract/productionVerdict";
import { AwsFailoverInputs, createAwsFailoverDns } from "./platforms/aws/failoverDns";
import { createDockerLoadBalancer, DockerLoadBalancerInputs } from "./platforms/docker/loadBalancerContainer";

/** HAProxy in a container on a Docker host. */
export interface DockerFailoverLoadBalancerArgs extends Omit<DockerLoadBalancerInputs, "haproxyConfig" | "unavailablePage" | "productionVerdict"> {
    /** Default: `docker`. */
    readonly platform?: "docker";
    /**
     * What the HAProxy configuration says: production active, redundancy backup, health checks, stickiness,
     * Admin-page guard. See `renderHaproxyConfig` for the behaviour it promises.
     */
    readonly haproxy: HaproxyRenderInput;
}

/** Route 53 failover records in front of the environments' ALBs. */
export interface AwsFailoverLoadBalancerArgs extends AwsFailoverInputs {
    readonly platform: "aws";
}

export type FailoverLoadBalancerArgs = DockerFailoverLoadBalancerArgs | AwsFailoverLoadBalancerArgs;

/** What sends users to production, and to redundancy only while production is down: HAProxy on Docker, Route 53 on AWS. */
export class FailoverLoadBalancer extends pulumi.ComponentResource {
    /** Docker: the rendered configuration (holds no secret) and the container. */
    readonly haproxyConfig: string | undefined;
    readonly container: docker.Container | undefined;
    /** Docker: the one-shot container that publishes the configuration HAProxy reloads (replaced on every change). */
    readonly configWriter: docker.Container | undefined;
    /** AWS: production's health check and the PRIMARY and SECONDARY records. */
    readonly aws: { readonly healthCheck: aws.route53.HealthCheck; readonly primary: aws.route53.Record; readonly secondary: aws.route53.Record } | undefined;

    constructor(name: string, args: FailoverLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:FailoverLoadBalancer", name, {}, opts);
        if (args.platform === "aws") {
            this.aws = createAwsFailoverDns(this, name, args);
            this.registerOutputs({ healthCheckId: this.aws.healthCheck.id, primaryRecord: this.aws.primary.fqdn, secondaryRecord: this.aws.secondary.fqdn });
            return;
        }
        if ((args.tls === undefined) !== (args.haproxy.tls === undefined)) {
            throw new Error(`FailoverLoadBalancer ${name}: args.tls and args.haproxy.tls must be set together`);
        }
        this.haproxyConfig = renderHaproxyConfig(args.haproxy);
        const created = createDockerLoadBalancer(this, name, {
            ...args,
            haproxyConfig: this.haproxyConfig,
            unavailablePage: renderUnavailablePage(),
            productionVerdict: renderProductionVerdictLua(),
        });
        this.container = created.container;
        this.configWriter = created.configWriter;
        this.registerOutputs({ containerName: args.containerName });
    }
}
