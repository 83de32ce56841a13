import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validated } from "../../config/configError";
import { awsPlacementIssues } from "../shared/componentArgs";
import type { AwsDeploymentConfig } from "../../config/schema";
import { AwsPlan, MAX_AWS_PREFIX_LENGTH, planAws } from "../../contract/awsPlan";
import { productionWithheld } from "../../contract/switchover";
import { licenseKeyFor, Role, WEB_AUTHOR_APP_PATH } from "../../contract/topology";
import { planTopology } from "../shared/topology";
import { externalLicenseServer, ExternalLicenseServerChildren } from "../shared/externalLicenseServer";
import type { LicenseServerPart, PlatformDeployment, PlatformImplementation, ProviderOf, WebAuthorPart } from "../shared/platform";
import { secretJson } from "../shared/secrets";
import { webAuthorSettingsFrom } from "../shared/webAuthorSettings";
import { AwsAlarmTransforms, createAwsAlarms } from "./alarms";
import { AwsFailoverInputs, createAwsFailoverDns } from "./failoverDns";
import { AwsLicenseServerInputs, createAwsLicenseServer } from "./licenseServerInstance";
import { EnvironmentNetwork, environmentNetworks, NetworkTransforms } from "./network";
import { albNamePrefix, iamRoleNameBase, legacyEntranceNames } from "./names";
import { createPrivateZone } from "./privateZone";
import { createSecurityGroups, EnvironmentSecurityGroups, SecurityGroupTransforms } from "./securityGroups";
import type { Transform } from "../shared/transform";
import { AwsEntranceInputs, createAwsEntrance } from "./webAuthorEntrance";
import { AwsWebAuthorServiceInputs, createAwsWebAuthorService } from "./webAuthorService";

export { AwsAlarmInputs, AwsAlarmTransforms, createAwsAlarms, ROUTE53_METRICS_REGION } from "./alarms";
export { AwsFailoverInputs, createAwsFailoverDns } from "./failoverDns";
export { AwsLicenseServerInputs, createAwsLicenseServer } from "./licenseServerInstance";
export { LicenseServerReadinessArgs, LicenseServerReadinessGate } from "./licenseServerReadiness";
export { AwsEntranceInputs, createAwsEntrance } from "./webAuthorEntrance";
export { AwsWebAuthorServiceInputs, createAwsWebAuthorService } from "./webAuthorService";

/** Per-child escape hatches on AWS. */
export interface AwsTransforms {
    /** The created VPC (unless `aws.network.vpcId`). */
    readonly network?: NetworkTransforms;
    /** Every environment's security groups and rules (a transform sees the child's name: `<name>-<role>-…`). */
    readonly securityGroups?: SecurityGroupTransforms;
    /** The private zone of the license servers' names (ec2 mode). */
    readonly privateZone?: Transform<aws.route53.ZoneArgs>;
    readonly production?: AwsEnvironmentTransforms;
    readonly redundancy?: AwsEnvironmentTransforms;
    readonly failover?: AwsFailoverInputs["transforms"];
    /** The alarms on the Route 53 health checks, their SNS topic and subscriptions, redundancy's health check. */
    readonly alarms?: AwsAlarmTransforms;
}

export interface AwsEnvironmentTransforms {
    readonly licenseServer?: AwsLicenseServerInputs["transforms"];
    readonly webAuthorService?: AwsWebAuthorServiceInputs["transforms"];
    readonly entrance?: AwsEntranceInputs["transforms"];
}

/** An EC2 license server's children (instance, retained interface and volume, private DNS record), or an external one's. */
export type AwsLicenseServerChildren = ({ readonly kind: "ec2" } & ReturnType<typeof createAwsLicenseServer>) | ExternalLicenseServerChildren;
/** A Web Author's ECS service, its retained file system, and its environment's ALB in front. */
export type AwsWebAuthorChildren = ReturnType<typeof createAwsWebAuthorService> & ReturnType<typeof createAwsEntrance>;
/** Production's Route 53 health check, the PRIMARY and SECONDARY records, and the alarms (us-east-1). */
export type AwsFailoverChildren = ReturnType<typeof createAwsFailoverDns> & { readonly alarms: ReturnType<typeof createAwsAlarms> };

/** What both environments share: their networks, every security group, the private zone (ec2 mode). */
export interface AwsShared {
    readonly networks: Readonly<Record<Role, EnvironmentNetwork>>;
    readonly groups: Readonly<Record<Role, EnvironmentSecurityGroups>>;
    readonly privateZone: aws.route53.Zone | undefined;
}

/** AWS's outputs per environment beyond the neutral ones. */
export interface AwsEnvironmentOutputs {
    /** The environment's ALB DNS name. */
    readonly loadBalancerDnsName: string;
    /** ec2 mode: the license server's stable private DNS name, and its instance (for SSM sessions). */
    readonly licenseServerDnsName?: string;
    readonly licenseServerInstanceId?: string;
}

/** The Route 53 failover pieces, for dashboards and alarms. */
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

/** AWS's deployment-wide outputs: the Route 53 failover, and the derived AWS plan. */
export interface AwsOutputs {
    readonly failover: pulumi.Output<FailoverOutputs>;
    readonly awsPlan: AwsPlan;
}

export interface AwsPlatformTypes {
    readonly config: AwsDeploymentConfig;
    readonly shared: AwsShared;
    readonly licenseServer: AwsLicenseServerChildren;
    readonly webAuthor: AwsWebAuthorChildren;
    readonly loadBalancer: AwsFailoverChildren;
    readonly environmentOutputs: AwsEnvironmentOutputs;
    readonly outputs: AwsOutputs;
    readonly transforms: AwsTransforms;
}

/**
 * The AWS platform's plan: the network (created or existing), every security group and rule, the private zone for
 * the license servers' names, both environments (EC2 license server, Fargate Web Author behind its ALB), and Route 53
 * failover. Every placement, URL and name comes from the plans; this only connects resources.
 */
function planAwsDeployment(
    config: AwsDeploymentConfig,
    name: string,
    providerOf: ProviderOf,
    transforms: AwsTransforms | undefined,
): PlatformDeployment<AwsPlatformTypes> {
    const plan = planTopology(config, name);
    const awsPlan = planAws(config, name);
    const settings = config.aws;
    const ls = config.licenseServer;

    const licenseServer = (role: Role, shared: AwsShared): LicenseServerPart<AwsLicenseServerChildren> => {
        const envPlan = plan.environments[role];
        const urls = { activationUrl: envPlan.licenseServer.activationUrl, url: envPlan.licenseServer.url };
        const privateZone = shared.privateZone;
        const group = shared.groups[role].licenseServer;
        if (ls.mode === "external" || privateZone === undefined || group === undefined) return externalLicenseServer(urls);
        const envAws = awsPlan.environments[role];
        const net = shared.networks[role];
        const inputs: AwsLicenseServerInputs = {
            region: envAws.region,
            subnetId: net.privateSubnetId,
            availabilityZone: net.availabilityZone,
            securityGroupId: group.id,
            privateZoneId: privateZone.zoneId,
            dnsName: envAws.licenseServerDnsName,
            // Only this environment's key goes into this environment's secret.
            secretJson: secretJson({
                userPassword: config.licenseServerPassword,
                adminPassword: validated(config.licenseServerAdminPassword, "licenseServerAdminPassword"),
                licenseKey: licenseKeyFor(config, role),
            }),
            instanceType: settings.licenseServer.instanceType,
            amiId: settings.licenseServer.amiId,
            dataVolumeGb: settings.licenseServer.dataVolumeGb,
            dailySnapshots: settings.licenseServer.dailySnapshots,
            warUrl: validated(ls.warUrl, "licenseServer.warUrl"),
            contextPath: ls.contextPath,
            user: ls.user,
            readyTimeoutSeconds: settings.licenseServer.readyTimeoutSeconds,
            iamRoleNameBase: iamRoleNameBase(name, role, "ls"),
            transforms: transforms?.[role]?.licenseServer,
        };
        return {
            ...urls,
            build: (parent, childName, waitFor) => ({ kind: "ec2", ...createAwsLicenseServer(parent, childName, inputs, [...waitFor]) }),
            outputs: (children) => (children.kind === "ec2" ? { instanceId: children.instance.id } : {}),
            // EC2 reports an instance running minutes before its Tomcat answers: the readiness gate says it answers.
            healthy: (children) => (children.kind === "ec2" ? children.ready : undefined),
        };
    };

    const webAuthor = (role: Role, shared: AwsShared): WebAuthorPart<AwsWebAuthorChildren> => {
        const envPlan = plan.environments[role];
        const envAws = awsPlan.environments[role];
        const net = shared.networks[role];
        const groups = shared.groups[role];
        return {
            build(parent, childName, waitFor) {
                const entrance = createAwsEntrance(parent, childName, {
                    vpcId: net.vpcId,
                    publicSubnetIds: net.publicSubnetIds,
                    securityGroupId: groups.loadBalancer.id,
                    certificateArn: envAws.certificateArn,
                    namePrefix: albNamePrefix(name, role),
                    legacyNames: legacyEntranceNames(name, role),
                    healthCheck: { ...awsPlan.healthCheck, ...settings.targetGroupHealthCheck },
                    stickinessSeconds: settings.stickinessSeconds,
                    idleTimeoutSeconds: config.loadBalancer.tunnelTimeoutSeconds,
                    adminAllowedSources: config.loadBalancer.adminAllowedSources,
                    transforms: transforms?.[role]?.entrance,
                });
                const service = createAwsWebAuthorService(
                    parent,
                    childName,
                    {
                        region: envAws.region,
                        privateSubnetId: net.privateSubnetId,
                        securityGroupId: groups.webAuthor.id,
                        fileSystemSecurityGroupId: groups.fileSystem.id,
                        licensing: envPlan.webAuthor.licensing,
                        secretJson: secretJson({ licenseServerPassword: config.licenseServerPassword, adminSetupPassword: config.webAuthorAdminPassword }),
                        ...webAuthorSettingsFrom(config.webAuthor),
                        desiredCount: settings.webAuthor.desiredCount,
                        logRetentionDays: settings.webAuthor.logRetentionDays,
                        iamRoleNameBase: iamRoleNameBase(name, role, "wa"),
                        transforms: transforms?.[role]?.webAuthorService,
                    },
                    // The target group must belong to a listener before a service can register in it; rolling
                    // changes: the service changes only after the part before it (ROLLING_SEQUENCE) is healthy again.
                    entrance.targetGroup.arn,
                    [...entrance.listeners, ...waitFor],
                );
                return { ...service, ...entrance };
            },
            outputs: (children) => ({ loadBalancerDnsName: children.loadBalancer.dnsName }),
            // ECS: `pulumi up` waits for the service's steady state, its new tasks healthy in the target group.
            healthy: (children) => children.service,
            url: (children) => pulumi.interpolate`${awsPlan.scheme}://${children.loadBalancer.dnsName}${WEB_AUTHOR_APP_PATH}`,
        };
    };

    return {
        topology: plan,
        shared(parent) {
            // Shared pieces (created VPC, private zone) go with production's provider: in aws.region.
            const sharedProvider = providerOf("production");
            const sharedOpts = { parent, ...(sharedProvider ? { provider: sharedProvider } : {}) };
            const optsOf = (role: Role) => {
                const provider = providerOf(role);
                return { parent, ...(provider ? { provider } : {}) };
            };
            const networks = environmentNetworks(sharedOpts, name, settings, awsPlan, transforms?.network, providerOf);
            const onEc2 = ls.mode === "ec2";
            const listenerPorts = awsPlan.scheme === "https" ? [80, 443] : [80];
            const groups = createSecurityGroups(optsOf, name, networks, listenerPorts, onEc2, transforms?.securityGroups);
            const privateZone = onEc2 ? createPrivateZone(sharedOpts, name, settings.privateZoneName, networks, transforms?.privateZone) : undefined;
            return { networks, groups, privateZone };
        },
        environment: (role, shared) => ({ licenseServer: licenseServer(role, shared), webAuthor: webAuthor(role, shared) }),
        loadBalancer(_shared, environments) {
            const alb = (role: Role) => environments[role].webAuthor.loadBalancer;
            // Production's check decides the failover; redundancy's, the same request, is watched by the standby alarm.
            const healthCheck = {
                path: awsPlan.healthCheck.path,
                protocol: awsPlan.scheme === "https" ? ("HTTPS" as const) : ("HTTP" as const),
                requestIntervalSeconds: settings.failoverHealthCheck.requestIntervalSeconds,
                failureThreshold: settings.failoverHealthCheck.failureThreshold,
            };
            return {
                suffix: "failover",
                build: (parent, childName) => {
                    const dns = createAwsFailoverDns(parent, childName, {
                        hostedZoneId: awsPlan.hostedZoneId,
                        domainName: awsPlan.domainName,
                        failover: awsPlan.failover,
                        targets: {
                            production: { dnsName: alb("production").dnsName, zoneId: alb("production").zoneId },
                            redundancy: { dnsName: alb("redundancy").dnsName, zoneId: alb("redundancy").zoneId },
                        },
                        healthCheck,
                        // DNS cannot drain: `drain` and `maintenance` both send every client that resolves the name to redundancy.
                        forceFailover: productionWithheld(config.loadBalancer.production),
                        transforms: transforms?.failover,
                    });
                    // Route 53's health-check metrics exist in us-east-1 only: the alarms and their topic go there.
                    const alarms = createAwsAlarms(parent, childName, {
                        productionHealthCheckId: dns.healthCheck.id,
                        // The standby check watches whichever environment the plan makes SECONDARY.
                        redundancy: { dnsName: alb(awsPlan.failover.secondary).dnsName, zoneId: alb(awsPlan.failover.secondary).zoneId },
                        healthCheck,
                        emails: settings.alarms.emails,
                        metricsProvider: providerOf("alarms"),
                        transforms: transforms?.alarms,
                    });
                    return { ...dns, alarms };
                },
                outputs: (dns) => ({ healthCheckId: dns.healthCheck.id, primaryRecord: dns.primary.fqdn, secondaryRecord: dns.secondary.fqdn }),
            };
        },
        environmentOutputs(role, children) {
            const ls = children.licenseServer;
            const dnsName = children.webAuthor.loadBalancer.dnsName;
            if (ls.kind !== "ec2") return dnsName.apply((loadBalancerDnsName): AwsEnvironmentOutputs => ({ loadBalancerDnsName }));
            return pulumi.all([dnsName, ls.instance.id]).apply(([loadBalancerDnsName, licenseServerInstanceId]): AwsEnvironmentOutputs => ({
                loadBalancerDnsName,
                licenseServerDnsName: awsPlan.environments[role].licenseServerDnsName,
                licenseServerInstanceId,
            }));
        },
        outputs: (dns) => ({
            awsPlan,
            failover: pulumi
                .all([
                    dns.healthCheck.id,
                    dns.primary.id,
                    dns.secondary.id,
                    dns.alarms.topic.arn,
                    dns.alarms.failover.name,
                    dns.alarms.standby.name,
                    dns.alarms.redundancyHealthCheck.id,
                ])
                .apply(([healthCheckId, primaryRecordId, secondaryRecordId, alarmTopicArn, failoverAlarmName, standbyAlarmName, redundancyHealthCheckId]) => ({
                    healthCheckId,
                    primaryRecordId,
                    secondaryRecordId,
                    worstCaseFailoverSeconds: awsPlan.worstCaseFailoverSeconds,
                    alarmTopicArn,
                    failoverAlarmName,
                    standbyAlarmName,
                    redundancyHealthCheckId,
                })),
        }),
    };
}

/** The AWS platform: license servers on EC2, Web Authors on ECS Fargate behind ALBs, Route 53 failover in front. */
export const awsPlatform: PlatformImplementation<AwsPlatformTypes> = {
    maxComponentNameLength: {
        length: MAX_AWS_PREFIX_LENGTH,
        why: (name) => `the IAM inline policy the provider names ${name}-redundancy-web-author-execution-secret-<7 characters> may have at most 128`,
    },
    ownsProvider: (provider) => aws.Provider.isInstance(provider),
    argumentIssues: (config, providerOf, kindOf) => awsPlacementIssues(config, providerOf, kindOf),
    plan: planAwsDeployment,
};
