import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../config/awsSchema";
import type { DeploymentConfig } from "../config/schema";
import type { AwsPlan } from "../contract/awsPlan";
import { licenseKeyFor, Part, Role, TopologyPlan, WEB_AUTHOR_APP_PATH } from "../contract/topology";
import { Environment } from "../environment";
import { FailoverLoadBalancer } from "../failoverLoadBalancer";
import * as awsSdk from "@pulumi/aws";
import { createAwsAlarms, ROUTE53_METRICS_REGION } from "../platforms/aws/alarms";
import type { AwsFailoverInputs } from "../platforms/aws/failoverDns";
import type { AwsLicenseServerInputs } from "../platforms/aws/licenseServerInstance";
import { environmentNetworks, NetworkTransforms } from "../platforms/aws/network";
import { createPrivateZone } from "../platforms/aws/privateZone";
import { createSecurityGroups } from "../platforms/aws/securityGroups";
import type { AwsEntranceInputs } from "../platforms/aws/webAuthorEntrance";
import type { AwsWebAuthorServiceInputs } from "../platforms/aws/webAuthorService";
import { DeploymentParts, EnvironmentOutputs, secretJson } from "./parts";

/** Per-child escape hatches on AWS. */
export interface AwsTransforms {
    readonly network?: NetworkTransforms;
    readonly production?: AwsEnvironmentTransforms;
    readonly redundancy?: AwsEnvironmentTransforms;
    readonly failover?: AwsFailoverInputs["transforms"];
}

export interface AwsEnvironmentTransforms {
    readonly licenseServer?: AwsLicenseServerInputs["transforms"];
    readonly webAuthorService?: AwsWebAuthorServiceInputs["transforms"];
    readonly entrance?: AwsEntranceInputs["transforms"];
}

/**
 * The AWS platform's wiring: the network (created or existing), every security group and rule, the private zone for
 * the license servers' names, both environments (EC2 license server, Fargate Web Author behind its ALB), and Route 53
 * failover. Every placement, URL and name comes from the plans; this function only connects resources.
 */
export function buildAwsDeployment(
    parent: pulumi.ComponentResource,
    name: string,
    config: DeploymentConfig,
    plan: TopologyPlan,
    awsPlan: AwsPlan,
    providerOf: (part: Part) => pulumi.ProviderResource | undefined,
    transforms: AwsTransforms | undefined,
    metricsProvider?: pulumi.ProviderResource,
): DeploymentParts {
    const aws = config.aws as AwsConfig;
    // Shared pieces (created VPC, private zone) go with production's provider: in aws.region.
    const sharedProvider = providerOf("production");
    const sharedOpts = { parent, ...(sharedProvider ? { provider: sharedProvider } : {}) };
    const optsOf = (role: Role) => {
        const provider = providerOf(role);
        return { parent, ...(provider ? { provider } : {}) };
    };

    const networks = environmentNetworks(sharedOpts, name, aws, awsPlan, transforms?.network, providerOf);
    const onEc2 = config.licenseServer.mode === "ec2";
    const listenerPorts = awsPlan.scheme === "https" ? [80, 443] : [80];
    const groups = createSecurityGroups(optsOf, name, networks, listenerPorts, onEc2);
    const privateZone = onEc2 ? createPrivateZone(sharedOpts, name, aws.privateZoneName, networks) : undefined;

    const ls = config.licenseServer;
    const environment = (role: Role, after?: Environment): Environment => {
        const envPlan = plan.environments[role];
        const envAws = awsPlan.environments[role];
        const provider = providerOf(role);
        const net = networks[role];
        // Both exist exactly when the license servers run on EC2.
        const licenseServerGroup = groups[role].licenseServer;
        return new Environment(
            `${name}-${role}`,
            {
                role,
                licenseServer: {
                    mode: ls.mode,
                    activationUrl: envPlan.licenseServer.activationUrl,
                    ec2:
                        licenseServerGroup && privateZone
                            ? {
                                  region: envAws.region,
                                  subnetId: net.privateSubnetId,
                                  availabilityZone: net.availabilityZone,
                                  securityGroupId: licenseServerGroup.id,
                                  privateZoneId: privateZone.zoneId,
                                  dnsName: envAws.licenseServerDnsName,
                                  // Only this environment's key goes into this environment's secret.
                                  secretJson: secretJson({
                                      userPassword: config.licenseServerPassword,
                                      adminPassword: config.licenseServerAdminPassword as NonNullable<DeploymentConfig["licenseServerAdminPassword"]>,
                                      licenseKey: licenseKeyFor(config, role),
                                  }),
                                  instanceType: aws.licenseServer.instanceType,
                                  amiId: aws.licenseServer.amiId,
                                  dataVolumeGb: aws.licenseServer.dataVolumeGb,
                                  dailySnapshots: aws.licenseServer.dailySnapshots,
                                  warUrl: ls.warUrl as string,
                                  contextPath: ls.contextPath,
                                  user: ls.user,
                                  transforms: transforms?.[role]?.licenseServer,
                              }
                            : undefined,
                },
                webAuthor: {
                    platform: "aws",
                    service: {
                        region: envAws.region,
                        privateSubnetId: net.privateSubnetId,
                        securityGroupId: groups[role].webAuthor.id,
                        fileSystemSecurityGroupId: groups[role].fileSystem.id,
                        licensing: envPlan.webAuthor.licensing,
                        secretJson: secretJson({ licenseServerPassword: config.licenseServerPassword, adminSetupPassword: config.webAuthorAdminPassword }),
                        image: config.webAuthor.image,
                        kitUrl: config.webAuthor.kitUrl,
                        cpus: config.webAuthor.cpus,
                        memoryMb: config.webAuthor.memoryMb,
                        maxHeapMb: config.webAuthor.maxHeapMb,
                        dnsCacheTtlSeconds: config.webAuthor.dnsCacheTtlSeconds,
                        startTimeoutSeconds: config.webAuthor.startTimeoutSeconds,
                        desiredCount: aws.webAuthor.desiredCount,
                        logRetentionDays: aws.webAuthor.logRetentionDays,
                        transforms: transforms?.[role]?.webAuthorService,
                    },
                    entrance: {
                        vpcId: net.vpcId,
                        publicSubnetIds: net.publicSubnetIds,
                        securityGroupId: groups[role].loadBalancer.id,
                        certificateArn: envAws.certificateArn,
                        shortNames: envAws.shortNames,
                        healthCheck: { ...awsPlan.healthCheck, ...aws.targetGroupHealthCheck },
                        stickinessSeconds: aws.stickinessSeconds,
                        idleTimeoutSeconds: config.loadBalancer.tunnelTimeoutSeconds,
                        adminAllowedSources: config.loadBalancer.adminAllowedSources,
                        transforms: transforms?.[role]?.entrance,
                    },
                },
                after,
            },
            { parent, ...(provider ? { providers: [provider] } : {}) },
        );
    };
    // Rolling changes: redundancy's parts change first, production's once redundancy's are done (ECS: steady state).
    const redundancyEnvironment = environment("redundancy");
    const environments = { production: environment("production", redundancyEnvironment), redundancy: redundancyEnvironment };
    const albOf = (role: Role) => {
        const created = environments[role].webAuthor.aws;
        if (created === undefined) throw new Error(`${role}'s Web Author has no ALB`);
        return created.loadBalancer;
    };

    const dnsProvider = providerOf("loadBalancer");
    const loadBalancer = new FailoverLoadBalancer(
        `${name}-failover`,
        {
            platform: "aws",
            hostedZoneId: awsPlan.hostedZoneId,
            domainName: awsPlan.domainName,
            failover: awsPlan.failover,
            targets: {
                production: { dnsName: albOf("production").dnsName, zoneId: albOf("production").zoneId },
                redundancy: { dnsName: albOf("redundancy").dnsName, zoneId: albOf("redundancy").zoneId },
            },
            healthCheck: {
                path: awsPlan.healthCheck.path,
                protocol: awsPlan.scheme === "https" ? "HTTPS" : "HTTP",
                requestIntervalSeconds: aws.failoverHealthCheck.requestIntervalSeconds,
                failureThreshold: aws.failoverHealthCheck.failureThreshold,
            },
            // DNS cannot drain: `drain` and `maintenance` both send every client that resolves the name to redundancy.
            forceFailover: config.loadBalancer.production !== "ready",
            transforms: transforms?.failover,
        },
        { parent, ...(dnsProvider ? { providers: [dnsProvider] } : {}) },
    );

    const outputsOf = (role: Role) => {
        const env = plan.environments[role];
        const ec2 = environments[role].licenseServer.ec2;
        return pulumi.all([albOf(role).dnsName, ec2?.instance.id]).apply(([dnsName, instanceId]): EnvironmentOutputs => ({
            webAuthorUrl: `${awsPlan.scheme}://${dnsName}${WEB_AUTHOR_APP_PATH}`,
            licenseServerUrl: env.licenseServer.url,
            activationUrl: env.licenseServer.activationUrl,
            loadBalancerDnsName: dnsName,
            ...(ec2 ? { licenseServerDnsName: awsPlan.environments[role].licenseServerDnsName, licenseServerInstanceId: instanceId } : {}),
        }));
    };
    const dns = loadBalancer.aws as NonNullable<FailoverLoadBalancer["aws"]>;
    // Route 53's health-check metrics exist in us-east-1 only: the alarms and their topic go there.
    const alarms = createAwsAlarms(parent, name, {
        productionHealthCheckId: dns.healthCheck.id,
        redundancy: { dnsName: albOf("redundancy").dnsName, zoneId: albOf("redundancy").zoneId },
        healthCheck: {
            path: awsPlan.healthCheck.path,
            protocol: awsPlan.scheme === "https" ? "HTTPS" : "HTTP",
            requestIntervalSeconds: aws.failoverHealthCheck.requestIntervalSeconds,
            failureThreshold: aws.failoverHealthCheck.failureThreshold,
        },
        emails: aws.alarms.emails,
        metricsProvider: metricsProvider ?? new awsSdk.Provider(`${name}-alarms-${ROUTE53_METRICS_REGION}`, { region: ROUTE53_METRICS_REGION }, { parent }),
        dnsProvider,
    });
    return {
        ...environments,
        loadBalancer,
        environmentOutputs: pulumi
            .all([outputsOf("production"), outputsOf("redundancy")])
            .apply(([production, redundancy]): Record<Role, EnvironmentOutputs> => ({ production, redundancy })),
        failover: pulumi
            .all([
                dns.healthCheck.id,
                dns.primary.id,
                dns.secondary.id,
                alarms.topic.arn,
                alarms.failover.name,
                alarms.standby.name,
                alarms.redundancyHealthCheck.id,
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
    };
}
