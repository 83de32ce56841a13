/**
 * Alarms for the AWS failover: one on production's Route 53 health check ("failover active": Route 53 answers with
 * redundancy), and one on a health check of redundancy's ALB, which no record uses ("standby unable to take over").
 * Both notify one SNS topic, on ALARM and on OK, with optional e-mail subscriptions.
 *
 * Route 53 publishes health-check metrics (`AWS/Route53` `HealthCheckStatus`, 1 healthy, 0 unhealthy, dimension
 * `HealthCheckId`) in US East (N. Virginia) only, so the alarms and the topic (an alarm's actions must be in its
 * region) are created with a us-east-1 provider.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AliasTarget } from "./failoverDns";

/** The only region with Route 53's health-check metrics. */
export const ROUTE53_METRICS_REGION = "us-east-1";

export interface AwsAlarmInputs {
    /** Production's health check (the PRIMARY record's). */
    readonly productionHealthCheckId: pulumi.Input<string>;
    /** Redundancy's ALB, checked like production's. */
    readonly redundancy: AliasTarget;
    readonly healthCheck: {
        readonly path: string;
        readonly protocol: "HTTPS" | "HTTP";
        readonly requestIntervalSeconds: number;
        readonly failureThreshold: number;
    };
    /** Subscribed to the topic by e-mail. */
    readonly emails: readonly string[];
    /** A provider in us-east-1 for the alarms and the topic. */
    readonly metricsProvider: pulumi.ProviderResource;
    /** The provider of the failover records (Route 53 is global), for redundancy's health check. Default: inherited. */
    readonly dnsProvider?: pulumi.ProviderResource;
}

/** Alarm when the check's status (its minimum over one minute) drops below 1; no data counts as unhealthy. */
function healthAlarm(
    parent: pulumi.Resource,
    name: string,
    healthCheckId: pulumi.Input<string>,
    description: string,
    topicArn: pulumi.Input<string>,
    provider: pulumi.ProviderResource,
) {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            alarmDescription: description,
            namespace: "AWS/Route53",
            metricName: "HealthCheckStatus",
            dimensions: { HealthCheckId: healthCheckId },
            statistic: "Minimum",
            period: 60,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
            alarmActions: [topicArn],
            okActions: [topicArn],
        },
        { parent, provider },
    );
}

export function createAwsAlarms(parent: pulumi.Resource, name: string, inputs: AwsAlarmInputs) {
    const hc = inputs.healthCheck;
    const redundancyCheckName = `${name}-redundancy-health`;
    // Route 53 is global: the check goes with the component's own (failover) provider.
    const redundancyHealthCheck = new aws.route53.HealthCheck(
        redundancyCheckName,
        {
            type: hc.protocol,
            fqdn: inputs.redundancy.dnsName,
            port: hc.protocol === "HTTPS" ? 443 : 80,
            resourcePath: hc.path,
            requestInterval: hc.requestIntervalSeconds,
            failureThreshold: hc.failureThreshold,
            tags: { Name: redundancyCheckName },
        },
        { parent, ...(inputs.dnsProvider ? { provider: inputs.dnsProvider } : {}) },
    );
    const metricsOpts = { parent, provider: inputs.metricsProvider };
    const topic = new aws.sns.Topic(`${name}-alarms`, {}, metricsOpts);
    const subscriptions = inputs.emails.map(
        (email, index) => new aws.sns.TopicSubscription(`${name}-alarms-email-${index}`, { topic: topic.arn, protocol: "email", endpoint: email }, metricsOpts),
    );
    const failover = healthAlarm(
        parent,
        `${name}-failover-active`,
        inputs.productionHealthCheckId,
        "Production's Route 53 health check is unhealthy: Route 53 answers with redundancy (a failover, or loadBalancer.production drain/maintenance).",
        topic.arn,
        inputs.metricsProvider,
    );
    const standby = healthAlarm(
        parent,
        `${name}-standby-unhealthy`,
        redundancyHealthCheck.id,
        "Redundancy's health check is unhealthy: redundancy cannot take over if production fails.",
        topic.arn,
        inputs.metricsProvider,
    );
    return { redundancyHealthCheck, topic, subscriptions, failover, standby };
}
