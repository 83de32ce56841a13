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
import { createChild, Transform } from "../shared/transform";

/** The only region with Route 53's health-check metrics. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/** Per-child escape hatches of the alarms. */
export interface AwsAlarmTransforms {
    /** The us-east-1 provider the component makes when none is passed (`providers.alarms`). */
    readonly provider?: Transform<aws.ProviderArgs>;
    /** The health check of redundancy's ALB (no record uses it). */
    readonly redundancyHealthCheck?: Transform<aws.route53.HealthCheckArgs>;
    /** The SNS topic both alarms notify. */
    readonly topic?: Transform<aws.sns.TopicArgs>;
    /** Each e-mail subscription to the topic. */
    readonly subscription?: Transform<aws.sns.TopicSubscriptionArgs>;
    /** Both CloudWatch alarms (a transform sees the child's name: `…-failover-active`, `…-standby-unhealthy`). */
    readonly alarm?: Transform<aws.cloudwatch.MetricAlarmArgs>;
}

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
    /** A provider in us-east-1 for the alarms and the topic. Default: one made here, with the ambient credentials. */
    readonly metricsProvider?: pulumi.ProviderResource;
    readonly transforms?: AwsAlarmTransforms;
}

/**
 * Alarm when the check's status (its minimum over one minute) drops below 1; no data counts as unhealthy.
 */
function healthAlarm(
    opts: pulumi.CustomResourceOptions,
    name: string,
    healthCheckId: pulumi.Input<string>,
    description: string,
    topicArn: pulumi.Input<string>,
    transform: Transform<aws.cloudwatch.MetricAlarmArgs> | undefined,
) {
    return createChild(
        aws.cloudwatch.MetricAlarm,
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
        opts,
        transform,
    );
}

/**
 * The alarms, their topic and subscriptions, and redundancy's health check, registered under `parent` (the failover
 * component), each named after `name`. Redundancy's health check goes with the parent's (failover) provider: Route 53
 * is global.
 */
export function createAwsAlarms(parent: pulumi.Resource, name: string, inputs: AwsAlarmInputs) {
    const hc = inputs.healthCheck;
    const transforms = inputs.transforms;
    const redundancyCheckName = `${name}-redundancy-health`;
    const redundancyHealthCheck = createChild(
        aws.route53.HealthCheck,
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
        { parent },
        transforms?.redundancyHealthCheck,
    );
    const metricsProvider =
        inputs.metricsProvider ??
        createChild(aws.Provider, `${name}-alarms-${ROUTE53_METRICS_REGION}`, { region: ROUTE53_METRICS_REGION }, { parent }, transforms?.provider);
    const metricsOpts = { parent, provider: metricsProvider };
    const topic = createChild(aws.sns.Topic, `${name}-alarms`, {}, metricsOpts, transforms?.topic);
    const subscriptions = inputs.emails.map((email, index) =>
        createChild(
            aws.sns.TopicSubscription,
            `${name}-alarms-email-${index}`,
            { topic: topic.arn, protocol: "email", endpoint: email },
            metricsOpts,
            transforms?.subscription,
        ),
    );
    const failover = healthAlarm(
        metricsOpts,
        `${name}-active`,
        inputs.productionHealthCheckId,
        "Production's Route 53 health check is unhealthy: Route 53 answers with redundancy (a failover, or loadBalancer.production drain/maintenance).",
        topic.arn,
        transforms?.alarm,
    );
    const standby = healthAlarm(
        metricsOpts,
        `${name}-standby-unhealthy`,
        redundancyHealthCheck.id,
        "Redundancy's health check is unhealthy: redundancy cannot take over if production fails.",
        topic.arn,
        transforms?.alarm,
    );
    return { redundancyHealthCheck, topic, subscriptions, failover, standby };
}
