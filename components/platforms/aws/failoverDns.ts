import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../contract/topology";
import { createChild, Transform } from "../shared/transform";

/** An environment's ALB as an alias target. */
export interface AliasTarget {
    readonly dnsName: pulumi.Input<string>;
    readonly zoneId: pulumi.Input<string>;
}

export interface AwsFailoverInputs {
    /** The public hosted zone and the name users open. */
    readonly hostedZoneId: string;
    readonly domainName: string;
    /** Which environment the PRIMARY record aliases and which the SECONDARY (from the contract). */
    readonly failover: { readonly primary: Role; readonly secondary: Role };
    /** Each environment's ALB. */
    readonly targets: Readonly<Record<Role, AliasTarget>>;
    /** The check of the primary's ALB: the same path the target groups check. */
    readonly healthCheck: {
        readonly path: string;
        readonly protocol: "HTTPS" | "HTTP";
        readonly requestIntervalSeconds: number;
        readonly failureThreshold: number;
    };
    /**
     * Planned switchover (`loadBalancer.production` is `drain` or `maintenance`): production's health check is
     * disabled and inverted, so Route 53 considers it unhealthy and answers with the SECONDARY (redundancy) record.
     * Route 53 considers a disabled check always healthy; an inverted check is unhealthy when its status is
     * healthy. Default: false.
     * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
     * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-invert.html
     */
    readonly forceFailover?: boolean;
    /** Per-child escape hatches: the health check (e.g. alarms, regions) and the PRIMARY and SECONDARY records. */
    readonly transforms?: { readonly healthCheck?: Transform<aws.route53.HealthCheckArgs>; readonly record?: Transform<aws.route53.RecordArgs> };
}

/**
 * Route 53 failover in the public zone: the PRIMARY alias answers while production's health check passes, the
 * SECONDARY (redundancy) only while it fails. The check asks production's ALB for the Web Author status page, the
 * very request the target group makes, so the two cannot disagree about what "healthy" means.
 */
export function createAwsFailoverDns(parent: pulumi.Resource, name: string, inputs: AwsFailoverInputs) {
    const opts = { parent };
    const hc = inputs.healthCheck;
    const healthCheckName = `${name}-${inputs.failover.primary}-health`;
    const healthCheck = createChild(
        aws.route53.HealthCheck,
        healthCheckName,
        {
            type: hc.protocol,
            fqdn: inputs.targets[inputs.failover.primary].dnsName,
            port: hc.protocol === "HTTPS" ? 443 : 80,
            resourcePath: hc.path,
            requestInterval: hc.requestIntervalSeconds,
            failureThreshold: hc.failureThreshold,
            // A disabled check is "always healthy"; inverted, always unhealthy: the failover without an outage.
            disabled: inputs.forceFailover === true,
            invertHealthcheck: inputs.forceFailover === true,
            tags: { Name: healthCheckName },
        },
        opts,
        inputs.transforms?.healthCheck,
    );
    const record = (role: Role, type: "PRIMARY" | "SECONDARY") =>
        createChild(
            aws.route53.Record,
            `${name}-${type.toLowerCase()}`,
            {
                zoneId: inputs.hostedZoneId,
                name: inputs.domainName,
                type: "A",
                setIdentifier: role,
                failoverRoutingPolicies: [{ type }],
                ...(type === "PRIMARY" ? { healthCheckId: healthCheck.id } : {}),
                // The health check alone decides for the primary; the secondary answers whenever the primary does not.
                aliases: [{ name: inputs.targets[role].dnsName, zoneId: inputs.targets[role].zoneId, evaluateTargetHealth: false }],
            },
            opts,
            inputs.transforms?.record,
        );
    const primary = record(inputs.failover.primary, "PRIMARY");
    const secondary = record(inputs.failover.secondary, "SECONDARY");
    return { healthCheck, primary, secondary };
}
