import { CREATED_VPC_PREFIX, DEFAULT_VPC_CIDR, defaultSubnetIndex, PRIVATE_SUBNET_OFFSET, SUBNET_SLOTS } from "./awsDefaults";
import { ROLES } from "./placement";
import type { AwsConfig } from "./awsSchema";
import type { ConfigIssue } from "./configError";
import { cidrRange } from "./formats";
import type { AwsDeploymentConfig, DeploymentConfig } from "./schema";

/**
 * The AWS platform's cross-field rules. Formats (ARNs, IDs, CIDRs, retention values) are checked by the schema;
 * these are the rules that need several fields at once. Each issue names the key the user has to change.
 */

/**
 * Memory (MiB) that Fargate accepts for each CPU size (CPU units: 1024 = 1 vCPU).
 * @internal
 */
export function fargateMemoryChoices(cpuUnits: number): number[] {
    const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
    switch (cpuUnits) {
        case 256:
            return [512, 1024, 2048];
        case 512:
            return range(1024, 4096, 1024);
        case 1024:
            return range(2048, 8192, 1024);
        case 2048:
            return range(4096, 16384, 1024);
        case 4096:
            return range(8192, 30720, 1024);
        case 8192:
            return range(16384, 61440, 4096);
        case 16384:
            return range(32768, 122880, 8192);
        default:
            return [];
    }
}

/**
 * CPU sizes of a Fargate task, in vCPU, as `webAuthor.cpus` takes them.
 * @internal
 */
export const FARGATE_VCPUS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/**
 * ALB idle timeout limit, in seconds (the WebSocket idle time maps onto it).
 * @internal
 */
export const ALB_MAX_IDLE_TIMEOUT_SECONDS = 4000;

function fargateIssues(config: DeploymentConfig): ConfigIssue[] {
    const { cpus, memoryMb } = config.webAuthor;
    if (!(FARGATE_VCPUS as readonly number[]).includes(cpus)) {
        return [{ key: "webAuthor.cpus", message: `is ${cpus}; Fargate tasks have ${FARGATE_VCPUS.join(", ")} vCPU` }];
    }
    const choices = fargateMemoryChoices(cpus * 1024);
    if (!choices.includes(memoryMb)) {
        return [
            {
                key: "webAuthor.memoryMb",
                message: `is ${memoryMb} MiB, which Fargate does not accept with ${cpus} vCPU; choose from ${choices[0]} to ${choices[choices.length - 1]} MiB in steps of ${choices[1] - choices[0]}`,
            },
        ];
    }
    return [];
}

function regionOfArn(arn: string): string {
    return arn.split(":")[3] ?? "";
}

function httpsIssues(aws: AwsConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (aws.certificateArn === undefined && !aws.allowPlainHttp) {
        issues.push({
            key: "aws.certificateArn",
            message:
                "is required: the ALBs serve HTTPS with an ACM certificate for aws.domainName (set aws.allowPlainHttp to true to serve plain HTTP instead, for a trial)",
        });
    }
    if (aws.certificateArn !== undefined && aws.allowPlainHttp) {
        issues.push({ key: "aws.allowPlainHttp", message: "is true, but aws.certificateArn is set; choose one (HTTPS with the certificate, or plain HTTP)" });
    }
    for (const role of ROLES) {
        const region = aws[role].region ?? aws.region;
        const own = aws[role].certificateArn;
        if (own === undefined && region !== aws.region && aws.certificateArn !== undefined) {
            issues.push({ key: `aws.${role}.certificateArn`, message: `is required: ${role}'s ALB is in ${region}, and ACM certificates are regional` });
            continue;
        }
        const arn = own ?? aws.certificateArn;
        if (arn !== undefined && regionOfArn(arn) !== region) {
            issues.push({
                key: own !== undefined ? `aws.${role}.certificateArn` : "aws.certificateArn",
                message: `is in region ${regionOfArn(arn)}, but ${role}'s ALB is in ${region}; ACM certificates are regional`,
            });
        }
    }
    return issues;
}

function distinct(values: readonly string[]): boolean {
    return new Set(values).size === values.length;
}

function subnetListIssues(key: string, ids: readonly string[] | undefined): ConfigIssue[] {
    if (ids === undefined) return [{ key, message: "is required with an existing VPC" }];
    if (ids.length < 2) return [{ key, message: `lists ${ids.length} subnet(s); at least two, in different availability zones, are needed` }];
    if (!distinct(ids)) return [{ key, message: "lists the same subnet twice" }];
    return [];
}

function networkIssues(aws: AwsConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const net = aws.network;
    let sharedSlots: number;
    if (net.vpcId !== undefined) {
        if (net.cidrBlock === undefined) issues.push({ key: "aws.network.cidrBlock", message: "is required with an existing VPC (its IPv4 CIDR)" });
        issues.push(
            ...subnetListIssues("aws.network.publicSubnetIds", net.publicSubnetIds),
            ...subnetListIssues("aws.network.privateSubnetIds", net.privateSubnetIds),
        );
        if (net.availabilityZones !== undefined) {
            issues.push({ key: "aws.network.availabilityZones", message: "is only used for a created VPC; an existing VPC's subnets decide the zones" });
        }
        sharedSlots = net.privateSubnetIds?.length ?? 2;
    } else {
        for (const field of ["publicSubnetIds", "privateSubnetIds"] as const) {
            if (net[field] !== undefined) issues.push({ key: `aws.network.${field}`, message: "needs aws.network.vpcId (the VPC these subnets belong to)" });
        }
        const cidr = net.cidrBlock;
        if (cidr !== undefined) {
            const prefix = Number(cidr.split("/")[1]);
            if (prefix < CREATED_VPC_PREFIX.min || prefix > CREATED_VPC_PREFIX.max) {
                issues.push({
                    key: "aws.network.cidrBlock",
                    message: `is a /${prefix}; a created VPC must be a /${CREATED_VPC_PREFIX.min} to /${CREATED_VPC_PREFIX.max} (AWS allows /16 to /28, and it is cut into ${SUBNET_SLOTS} subnets)`,
                });
            }
        }
        const zones = net.availabilityZones;
        zones?.forEach((zone, index) => {
            // A zone's name is its region's code plus a letter: eu-west-1a is in eu-west-1.
            if (zone.slice(0, -1) !== aws.region) {
                issues.push({ key: `aws.network.availabilityZones[${index}]`, message: `is ${zone}, which is not in aws.region (${aws.region})` });
            }
        });
        if (zones !== undefined && zones.length > PRIVATE_SUBNET_OFFSET) {
            issues.push({ key: "aws.network.availabilityZones", message: `lists ${zones.length} zones; a created VPC spans at most ${PRIVATE_SUBNET_OFFSET}` });
        } else if (zones !== undefined && zones.length < 2) {
            issues.push({ key: "aws.network.availabilityZones", message: `lists ${zones.length} zone(s); at least two are needed` });
        } else if (zones !== undefined && !distinct(zones)) {
            issues.push({ key: "aws.network.availabilityZones", message: "lists the same zone twice; production and redundancy must not share a zone" });
        }
        sharedSlots = zones?.length ?? 2;
    }

    const onSharedNetwork = ROLES.filter((role) => aws[role].network === undefined);
    for (const role of ROLES) {
        const env = aws[role];
        const index = env.subnetIndex ?? defaultSubnetIndex(role);
        if (env.region !== undefined && env.region !== aws.region && env.network === undefined) {
            issues.push({
                key: `aws.${role}.network`,
                message: `is required because aws.${role}.region (${env.region}) differs from aws.region: give this environment's own VPC, connected to the other one`,
            });
        }
        if (env.network !== undefined) {
            issues.push(...subnetListIssues(`aws.${role}.network.publicSubnetIds`, env.network.publicSubnetIds));
            issues.push(...subnetListIssues(`aws.${role}.network.privateSubnetIds`, env.network.privateSubnetIds));
            if (index >= env.network.privateSubnetIds.length) {
                issues.push({
                    key: `aws.${role}.subnetIndex`,
                    message: `is ${index}, but aws.${role}.network.privateSubnetIds has ${env.network.privateSubnetIds.length} subnet(s)`,
                });
            }
        } else if (index >= sharedSlots) {
            issues.push({
                key: `aws.${role}.subnetIndex`,
                message: `is ${index}, but the network has ${sharedSlots} private subnet(s) (one per availability zone)`,
            });
        }
    }
    issues.push(...overlapIssues(aws));
    if (onSharedNetwork.length === 2) {
        const [prod, red] = ROLES.map((role) => aws[role].subnetIndex ?? defaultSubnetIndex(role));
        if (prod === red) {
            issues.push({
                key: "aws.redundancy.subnetIndex",
                message: `is ${red}, the same as production's: both environments would share one availability zone, and a zone outage would take both down`,
            });
        }
    }
    return issues;
}

/**
 * Environments in two VPCs must not have overlapping CIDRs: the VPCs are connected by peering or a Transit Gateway,
 * which refuse overlapping ranges, and each license server admits the other VPC's CIDR.
 */
function overlapIssues(aws: AwsConfig): ConfigIssue[] {
    const shared = aws.network.cidrBlock ?? DEFAULT_VPC_CIDR;
    const [prod, red] = ROLES.map((role) => aws[role].network);
    if (prod === undefined && red === undefined) return [];
    if (prod !== undefined && red !== undefined && prod.vpcId === red.vpcId) return [];
    const cidrOf = (role: "production" | "redundancy") => aws[role].network?.cidrBlock ?? shared;
    const a = cidrRange(cidrOf("production"));
    const b = cidrRange(cidrOf("redundancy"));
    if (a.start < b.start + b.size && b.start < a.start + a.size) {
        const key = red !== undefined ? "aws.redundancy.network.cidrBlock" : "aws.production.network.cidrBlock";
        return [
            {
                key,
                message: `overlaps production's VPC (${cidrOf("production")}) and redundancy's (${cidrOf("redundancy")}); connected VPCs need CIDRs that do not overlap`,
            },
        ];
    }
    return [];
}

/**
 * Rules for `platform: aws`. Called only when the schema parsed.
 * @internal
 */
export function awsIssues(config: AwsDeploymentConfig): ConfigIssue[] {
    const aws = config.aws;
    const issues: ConfigIssue[] = [...httpsIssues(aws), ...networkIssues(aws), ...fargateIssues(config)];
    const tg = aws.targetGroupHealthCheck;
    if (tg.timeoutSeconds >= tg.intervalSeconds) {
        issues.push({
            key: "aws.targetGroupHealthCheck.timeoutSeconds",
            message: `must be less than aws.targetGroupHealthCheck.intervalSeconds (${tg.intervalSeconds} s)`,
        });
    }
    if (config.loadBalancer.tunnelTimeoutSeconds > ALB_MAX_IDLE_TIMEOUT_SECONDS) {
        issues.push({
            key: "loadBalancer.tunnelTimeoutSeconds",
            message: `is ${config.loadBalancer.tunnelTimeoutSeconds}; an ALB's idle timeout is at most ${ALB_MAX_IDLE_TIMEOUT_SECONDS} seconds`,
        });
    }
    return issues;
}
