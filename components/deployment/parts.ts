import * as pulumi from "@pulumi/pulumi";
import type { SecretValue } from "../config/secretValue";
import type { Role } from "../contract/topology";
import type { Environment } from "../environment";
import type { FailoverLoadBalancer } from "../failoverLoadBalancer";

/** What the deployment tells its user, per environment. */
export interface EnvironmentOutputs {
    /**
     * The Web Author app, bypassing the failover: Docker: the published URL if `webAuthorHostPort` is set, else the
     * URL inside the Docker network; AWS: the environment's ALB.
     */
    readonly webAuthorUrl: string;
    /** The license servlet URL that the Web Authors use for this environment's server. */
    readonly licenseServerUrl: string;
    /** Where this environment's key is activated once. */
    readonly activationUrl: string;
    /** AWS: the environment's ALB DNS name. */
    readonly loadBalancerDnsName?: string;
    /** AWS (ec2 mode): the license server's stable private DNS name, and its instance (for SSM sessions). */
    readonly licenseServerDnsName?: string;
    readonly licenseServerInstanceId?: string;
}

/** AWS: the Route 53 failover pieces, for dashboards and alarms. */
export interface FailoverOutputs {
    readonly healthCheckId: string;
    /** Record IDs (zone, name, type, set identifier) of the PRIMARY (production) and SECONDARY (redundancy) records. */
    readonly primaryRecordId: string;
    readonly secondaryRecordId: string;
    /** Worst case from production's failure to clients resolving redundancy, seconds. */
    readonly worstCaseFailoverSeconds: number;
    /** The SNS topic both alarms notify (ALARM and OK), in us-east-1. */
    readonly alarmTopicArn: string;
    /** CloudWatch alarm on production's health check: Route 53 answers with redundancy. */
    readonly failoverAlarmName: string;
    /** CloudWatch alarm on redundancy's health check: redundancy cannot take over. */
    readonly standbyAlarmName: string;
    /** The health check of redundancy's ALB (no record uses it; the standby alarm watches it). */
    readonly redundancyHealthCheckId: string;
}

/** What a platform's wiring hands back to the top-level component. */
export interface DeploymentParts {
    readonly production: Environment;
    readonly redundancy: Environment;
    readonly loadBalancer: FailoverLoadBalancer;
    readonly environmentOutputs: pulumi.Output<Record<Role, EnvironmentOutputs>>;
    readonly failover: pulumi.Output<FailoverOutputs> | undefined;
}

/** A secret value from the config as a secret Output: the only place where a {@link SecretValue} is revealed. */
export function secretOutput(value: SecretValue): pulumi.Output<string> {
    return pulumi.secret(value.reveal());
}

/** Several secret config values as one secret JSON document (a Secrets Manager secret's value). */
export function secretJson(values: Record<string, SecretValue>): pulumi.Output<string> {
    return pulumi.secret(JSON.stringify(Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.reveal()]))));
}
