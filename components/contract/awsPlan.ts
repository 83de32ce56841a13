import type { AwsConfig } from "../config/awsSchema";
import type { AwsDeploymentConfig } from "../config/schema";
import { CREATED_VPC_PREFIX, DEFAULT_VPC_CIDR, defaultSubnetIndex, PRIVATE_SUBNET_OFFSET, SUBNET_SLOTS } from "../config/awsDefaults";
import { awsScheme, licenseServerDnsName, Role, ROLES, WEB_AUTHOR_ORDER, WEB_AUTHOR_STATUS_PATH } from "./topology";

/**
 * What the AWS platform promises, derived from the validated config without touching AWS: where each environment
 * sits, the license servers' stable names, the health check that both the target groups and Route 53 use, which
 * environment the PRIMARY and SECONDARY failover records point at, and the resulting failover time. Platform code
 * reads this plan; it never decides who points where.
 */

/** Route 53 answers alias records for an ALB with this TTL, in seconds; it cannot be changed. */
export const ALB_ALIAS_TTL_SECONDS = 60;

/**
 * Longest component name on AWS. Every child's logical name starts with it; where AWS keeps a name short (ALB and
 * target group: 32 characters, IAM role: 64) the platform sets a physical `namePrefix` instead (platforms/aws/names.ts),
 * so the tightest name left is one the provider autonames from a logical name (appending `-` and 7 random
 * characters): the Web Author's inline IAM policy `<name>-redundancy-web-author-execution-secret-xxxxxxx`, which
 * IAM limits to 128 characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const MAX_AWS_PREFIX_LENGTH = 81;

/** The health check the target groups and the Route 53 failover check share: they must never disagree. */
export interface SharedHealthCheck {
    readonly path: string;
    /** The answer that counts as healthy. */
    readonly expectedStatus: 200;
}

export interface AwsEnvironmentPlan {
    readonly role: Role;
    /** Index into the private subnets (and the availability zones of a created VPC). */
    readonly subnetIndex: number;
    /** Region of this environment's provider. */
    readonly region: string;
    /** The license server's stable name in the private zone (ec2 mode). */
    readonly licenseServerDnsName: string;
    /** The environment's ALB certificate, or undefined with `allowPlainHttp`. */
    readonly certificateArn: string | undefined;
}

export interface AwsPlan {
    readonly domainName: string;
    readonly hostedZoneId: string;
    /** `https` unless the user opted in to plain HTTP. */
    readonly scheme: "https" | "http";
    readonly healthCheck: SharedHealthCheck;
    /** The failover records: PRIMARY aliases the active Web Author's ALB, SECONDARY the backup's. */
    readonly failover: { readonly primary: Role; readonly secondary: Role };
    readonly environments: Readonly<Record<Role, AwsEnvironmentPlan>>;
    /** Worst case from production's failure to clients resolving redundancy, in seconds (see {@link worstCaseFailoverSeconds}). */
    readonly worstCaseFailoverSeconds: number;
}

export { CREATED_VPC_PREFIX, DEFAULT_VPC_CIDR, defaultSubnetIndex, PRIVATE_SUBNET_OFFSET, SUBNET_SLOTS };

/**
 * Worst case from a failed production to clients resolving redundancy: Route 53 needs `failureThreshold`
 * consecutive failed checks spaced by the request interval, then resolvers may keep the old answer for the alias
 * TTL. (Route 53's checkers are independent; the interval is per checker, so real detection is usually sooner.)
 */
export function worstCaseFailoverSeconds(aws: Pick<AwsConfig, "failoverHealthCheck">): number {
    const hc = aws.failoverHealthCheck;
    return hc.requestIntervalSeconds * hc.failureThreshold + ALB_ALIAS_TTL_SECONDS;
}

function ipv4ToNumber(address: string): number {
    return address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * Whether a CIDR's host bits are all zero (AWS wants the network address).
 * @internal
 */
export function isNetworkAddress(cidr: string): boolean {
    const [address, bits] = cidr.split("/");
    const size = 2 ** (32 - Number(bits));
    return ipv4ToNumber(address as string) % size === 0;
}

/**
 * The `index`-th of the sixteen equal subnets of a created VPC (a /16 gives /20s). Public subnets take indexes 0 to
 * zones − 1, private subnets 8 to 8 + zones − 1.
 * @internal
 */
export function subnetCidr(vpcCidr: string, index: number): string {
    const [address, bits] = vpcCidr.split("/");
    const prefix = Number(bits) + 4;
    if (prefix > 28) throw new Error(`VPC CIDR ${vpcCidr} is too small to cut into ${SUBNET_SLOTS} subnets`);
    if (index < 0 || index >= SUBNET_SLOTS) throw new Error(`subnet index ${index} is outside 0 to ${SUBNET_SLOTS - 1}`);
    const start = ipv4ToNumber(address as string) + index * 2 ** (32 - prefix);
    return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".")}/${prefix}`;
}

/**
 * Derives the AWS plan. Assumes `config.aws` passed validation. Throws if the component name is too long for the
 * names AWS limits, before anything is registered.
 */
export function planAws(config: AwsDeploymentConfig, prefix: string): AwsPlan {
    const aws = config.aws;
    if (prefix.length > MAX_AWS_PREFIX_LENGTH) {
        throw new Error(
            `The component name "${prefix}" is ${prefix.length} characters; on AWS it may have at most ${MAX_AWS_PREFIX_LENGTH}, because the names AWS derives from it are limited (see MAX_AWS_PREFIX_LENGTH)`,
        );
    }
    const scheme = awsScheme(aws);
    const environment = (role: Role): AwsEnvironmentPlan => ({
        role,
        subnetIndex: aws[role].subnetIndex ?? defaultSubnetIndex(role),
        region: aws[role].region ?? aws.region,
        licenseServerDnsName: licenseServerDnsName(role, aws.privateZoneName),
        certificateArn: scheme === "https" ? (aws[role].certificateArn ?? aws.certificateArn) : undefined,
    });
    const environments = Object.fromEntries(ROLES.map((role) => [role, environment(role)])) as Record<Role, AwsEnvironmentPlan>;
    return {
        domainName: aws.domainName,
        hostedZoneId: aws.hostedZoneId,
        scheme,
        healthCheck: { path: WEB_AUTHOR_STATUS_PATH, expectedStatus: 200 },
        failover: { primary: WEB_AUTHOR_ORDER.active, secondary: WEB_AUTHOR_ORDER.backup },
        environments,
        worstCaseFailoverSeconds: worstCaseFailoverSeconds(aws),
    };
}
