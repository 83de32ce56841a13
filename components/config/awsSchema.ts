import { z } from "zod";
import { cidr } from "./formats";

/**
 * Default of `aws.licenseServer.readyTimeoutSeconds`: a first boot installs Java and Tomcat from the archive and
 * downloads the WAR, a few minutes on a small instance.
 */
export const DEFAULT_READY_TIMEOUT_SECONDS = 900;

/**
 * Allowed range of `aws.licenseServer.readyTimeoutSeconds`: below a minute no first boot finishes; above an hour a
 * broken server holds `pulumi up` for longer than anyone waits.
 */
export const READY_TIMEOUT_RANGE_SECONDS = { min: 60, max: 3600 } as const;

/**
 * The `aws` block of the configuration: what the AWS platform needs beyond the platform-neutral fields. Formats are
 * checked here (ARNs, zone IDs, CIDRs, CloudWatch's retention values); rules that span fields (certificate or the
 * plain-HTTP opt-in, Fargate CPU/memory pairs, two distinct availability zones) live in `validateAws.ts`.
 */

/** e.g. eu-west-1, us-gov-west-1, ap-southeast-4. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const region = z.string().regex(REGION, "must be an AWS region code such as eu-west-1");

/** arn:aws:acm:eu-west-1:123456789012:certificate/<uuid> (also the aws-cn and aws-us-gov partitions). */
const ACM_CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const certificateArn = z
    .string()
    .regex(ACM_CERTIFICATE_ARN, "must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-...");

/** Route 53 hosted zone IDs are `Z` followed by upper-case letters and digits, at most 32 characters in all. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const dnsName = z.string().regex(DNS_NAME, "must be a lower-case DNS name such as webauthor.example.com (no trailing dot)");

/**
 * Retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy).
 * @internal
 */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const subnetIds = z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet ID such as subnet-0123456789abcdef0"));

/** An existing VPC and its subnets. */
export const existingNetworkSchema = z.strictObject({
    /** ID of the VPC, e.g. `vpc-0123456789abcdef0`. */
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC ID such as vpc-0123456789abcdef0"),
    /** The VPC's IPv4 CIDR, used for the license servers' security group when Web Authors sit in another VPC. */
    cidrBlock: cidr,
    /** Subnets with a route to an internet gateway, in at least two availability zones: the ALBs go here. */
    publicSubnetIds: subnetIds,
    /**
     * Subnets without public IPs but with egress (NAT) for activation and image pulls, in at least two availability
     * zones: license servers, Web Authors and file systems go here, one per environment (`subnetIndex`).
     */
    privateSubnetIds: subnetIds,
});

/** Per-environment AWS placement. */
export const awsEnvironmentSchema = z.strictObject({
    /**
     * Index into the private subnets (and, for a created VPC, the availability zones) where this environment's
     * license server, Web Author and file system run. Default: 0 for production, 1 for redundancy, so the two
     * environments never share an availability zone.
     */
    subnetIndex: z.number().int("must be a whole number").min(0, "must not be negative").optional(),
    /** Region of this environment's AWS provider. Default: `aws.region`. Another region needs `network` below. */
    region: region.optional(),
    /**
     * This environment's own existing network, required when its region differs from `aws.region`: both VPCs must
     * be connected (peering or Transit Gateway) and their CIDRs must not overlap. Default: the shared `aws.network`.
     */
    network: existingNetworkSchema.optional(),
    /** ACM certificate for this environment's ALB, when it is in another region than `aws.certificateArn`. */
    certificateArn: certificateArn.optional(),
});

/**
 * The shared network: either an existing VPC (`vpcId` with its CIDR and subnets) or, without `vpcId`, a VPC the
 * component creates with one public and one private subnet and one NAT gateway per availability zone (a zone's
 * outage then never cuts the other environment's egress).
 */
export const networkSchema = z.strictObject({
    /** An existing VPC's ID. Default: none (create a VPC). */
    vpcId: z
        .string()
        .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC ID such as vpc-0123456789abcdef0")
        .optional(),
    /** The VPC's IPv4 CIDR; a created VPC is split into /20 subnets. Default: `10.40.0.0/16` (created VPC only). */
    cidrBlock: cidr.optional(),
    /** Existing VPC only: public subnets (ALBs), at least two, in different availability zones. */
    publicSubnetIds: subnetIds.optional(),
    /** Existing VPC only: private subnets with NAT egress, at least two, in different availability zones. */
    privateSubnetIds: subnetIds.optional(),
    /**
     * Created VPC only: availability zones, at least two and all different. Default: the region's first two available
     * zones, looked up when the program runs.
     */
    availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone name such as eu-west-1a")).optional(),
});

/** Target group health check (ALB → Web Author). */
export const targetGroupHealthCheckSchema = z.strictObject({
    /** Seconds between checks; ALB accepts 5 to 300. Default: 5. */
    intervalSeconds: z.number().int().min(5, "must be at least 5 (seconds; the ALB minimum)").max(300, "must be at most 300 (seconds)").default(5),
    /** Seconds before a check fails; 2 to 120 and less than the interval. Default: 4. */
    timeoutSeconds: z.number().int().min(2, "must be at least 2 (seconds)").max(120, "must be at most 120 (seconds)").default(4),
    /** Consecutive passes that mark a target healthy; 2 to 10. Default: 2. */
    healthyThreshold: z.number().int().min(2, "must be from 2 to 10").max(10, "must be from 2 to 10").default(2),
    /** Consecutive failures that mark a target unhealthy; 2 to 10. Default: 2. */
    unhealthyThreshold: z.number().int().min(2, "must be from 2 to 10").max(10, "must be from 2 to 10").default(2),
});

/** Route 53 health check of production's ALB, which decides the failover. */
export const failoverHealthCheckSchema = z.strictObject({
    /**
     * Seconds between checks from each Route 53 checker: 10 ("fast", billed extra) or 30. Default: 10.
     * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
     */
    requestIntervalSeconds: z.union([z.literal(10), z.literal(30)], { error: "must be 10 or 30 (seconds; what Route 53 accepts)" }).default(10),
    /** Consecutive failures before production counts as unhealthy; 1 to 10. Default: 3. */
    failureThreshold: z.number().int().min(1, "must be from 1 to 10").max(10, "must be from 1 to 10").default(3),
});

const awsShape = {
    /** Region of the default AWS provider, e.g. `eu-west-1`. Required. */
    region,
    /** ID of the public Route 53 hosted zone that holds `domainName`, e.g. `Z0123456789ABCDEFGHIJ`. Required. */
    hostedZoneId: z.string().regex(HOSTED_ZONE_ID, "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ"),
    /** The name users open, e.g. `webauthor.example.com`; it must lie inside the hosted zone. Required. */
    domainName: dnsName,
    /**
     * ACM certificate for `domainName`, in `aws.region`, attached to both ALBs' HTTPS listeners. Required unless
     * `allowPlainHttp` is true.
     */
    certificateArn: certificateArn.optional(),
    /** Serve plain HTTP on port 80 without a certificate. Only for trials; passwords then cross the internet in clear. Default: false. */
    allowPlainHttp: z.boolean({ error: "must be true or false" }).default(false),
    /** An existing VPC (`vpcId` set) or a VPC to create. Default: create `10.40.0.0/16` in two zones. */
    network: networkSchema.default({}),
    /** Private Route 53 zone for the license servers' stable names, e.g. `license-production.<zone>`. Default: `webauthor.internal`. */
    privateZoneName: dnsName.default("webauthor.internal"),
    licenseServer: z
        .strictObject({
            /** EC2 instance type. Default: `t3.small` (the vendor's minimum is 1 core and 512 MB). */
            instanceType: z
                .string()
                .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.small")
                .default("t3.small"),
            /**
             * AMI to use instead of the lookup (latest Ubuntu 22.04 LTS by Canonical, whose archive has Tomcat 9 and
             * Java 17). Default: looked up once; later releases do not replace the instance (see the README).
             */
            amiId: z
                .string()
                .regex(/^ami-[0-9a-f]{8,17}$/, "must be an AMI ID such as ami-0123456789abcdef0")
                .optional(),
            /** Size of the retained data volume holding `oxygen.license.server.work.dir`, in GiB. Default: 8. */
            dataVolumeGb: z.number().int().min(1, "must be at least 1 (GiB)").max(16384, "must be at most 16384 (GiB)").default(8),
            /**
             * Daily snapshots of the data volume (03:00 UTC, by Data Lifecycle Manager) to keep; 0 turns them off.
             * They hold the activation state. Default: 7.
             */
            dailySnapshots: z.number().int("must be a whole number").min(0, "must not be negative").max(1000, "must be at most 1000 (DLM's limit)").default(7),
            /**
             * How long a new instance may take until its license servlet answers, in seconds: `pulumi up` waits for
             * it (the readiness gate runs `ec2/license-server/await-ready.sh` on the instance through SSM) before the
             * next part of the rolling order may change, and fails if it does not answer in time. Default: 900.
             */
            readyTimeoutSeconds: z
                .number()
                .int("must be a whole number (seconds)")
                .min(READY_TIMEOUT_RANGE_SECONDS.min, `must be at least ${READY_TIMEOUT_RANGE_SECONDS.min} (seconds)`)
                .max(READY_TIMEOUT_RANGE_SECONDS.max, `must be at most ${READY_TIMEOUT_RANGE_SECONDS.max} (seconds)`)
                .default(DEFAULT_READY_TIMEOUT_SECONDS),
        })
        .default({ instanceType: "t3.small", dataVolumeGb: 8, dailySnapshots: 7, readyTimeoutSeconds: DEFAULT_READY_TIMEOUT_SECONDS }),
    webAuthor: z
        .strictObject({
            /** Tasks per environment. More than one relies on the target group's stickiness. Default: 1. */
            desiredCount: z.number().int().min(1, "must be at least 1").max(20, "must be at most 20").default(1),
            /** CloudWatch log retention, in days; one of CloudWatch's values. Default: 30. */
            logRetentionDays: z
                .number()
                .refine((days) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(days), {
                    message: `must be one of CloudWatch's retention periods: ${CLOUDWATCH_RETENTION_DAYS.join(", ")} (days)`,
                })
                .default(30),
        })
        .default({ desiredCount: 1, logRetentionDays: 30 }),
    /** ALB target group health check. */
    targetGroupHealthCheck: targetGroupHealthCheckSchema.default(targetGroupHealthCheckSchema.parse({})),
    /** Route 53 health check of production (the failover decision). */
    failoverHealthCheck: failoverHealthCheckSchema.default(failoverHealthCheckSchema.parse({})),
    /** Lifetime of the ALB stickiness cookie, in seconds (1 to 604800). Default: 86400. */
    stickinessSeconds: z.number().int().min(1, "must be from 1 to 604800 (seconds)").max(604800, "must be from 1 to 604800 (seconds)").default(86400),
    production: awsEnvironmentSchema.default({}),
    redundancy: awsEnvironmentSchema.default({}),
    /**
     * Alarms (platforms/aws/alarms.ts): on production's Route 53 health check (failover active) and on a health check
     * of redundancy (standby unable to take over), in us-east-1, notifying an SNS topic. `emails`: addresses subscribed
     * to the topic (each confirms by e-mail). Default: no subscription (subscribe what you like to the topic output).
     */
    alarms: z
        .strictObject({
            emails: z.array(z.email({ error: "must be an e-mail address such as ops@example.com" })).default([]),
        })
        .default({ emails: [] }),
};

export const awsSchema = z.strictObject(awsShape);

/** The `aws` block as the AWS platform's config requires it (its absence named as the user would fix it). */
export const awsBlockSchema = z.strictObject(awsShape, {
    error: (issue) => (issue.input === undefined ? "is required when platform is `aws` (at least aws.region, aws.hostedZoneId and aws.domainName)" : undefined),
});

export type AwsConfig = z.output<typeof awsSchema>;
export type ExistingNetworkConfig = z.output<typeof existingNetworkSchema>;
export type NetworkConfig = z.output<typeof networkSchema>;
