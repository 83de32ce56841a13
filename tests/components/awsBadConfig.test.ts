import { ConfigValidationError } from "../../components";
import { deployStack } from "../../stacks/program";
import { RecordedInvoke, RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";

/** Runs the stack program with `values`; returns the error, what it registered and which invokes it made before. */
async function attempt(values: Record<string, unknown>) {
    const { config, secretKeys } = asPulumiConfig(values);
    const registered: RecordedResource[] = [];
    const invokes: RecordedInvoke[] = [];
    let error: unknown;
    try {
        await runProgram(() => deployStack(), config, secretKeys, registered, AWS_INVOKES, invokes);
    } catch (e) {
        error = e;
    }
    return { error, registered, invokes };
}

const base = awsSampleValues();
const baseAws = base.aws as Record<string, unknown>;
const withAws = (changes: Record<string, unknown>) => ({ ...base, aws: { ...baseAws, ...changes } });
const awsWithoutCertificate = Object.fromEntries(Object.entries(baseAws).filter(([key]) => key !== "certificateArn"));
const existingVpc = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.8.0.0/16", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"] };

const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["platform aws without its settings", { ...base, aws: undefined }, "aws", /required when platform is `aws`/],
    ["HTTPS without a certificate", { ...base, aws: awsWithoutCertificate }, "aws.certificateArn", /required.*allowPlainHttp/],
    ["a malformed certificate ARN", withAws({ certificateArn: "arn:aws:acm:eu-west-1:123:certificate/x" }), "aws.certificateArn", /ACM certificate ARN/],
    [
        "a certificate from another region",
        withAws({ certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" }),
        "aws.certificateArn",
        /region us-east-1.*regional/,
    ],
    ["a malformed hosted zone ID", withAws({ hostedZoneId: "zone-123" }), "aws.hostedZoneId", /hosted zone ID/],
    ["a malformed domain name", withAws({ domainName: "WebAuthor.Example.com." }), "aws.domainName", /DNS name/],
    ["a malformed region", withAws({ region: "europe" }), "aws.region", /region code/],
    [
        "fewer than two private subnets",
        withAws({ network: { ...existingVpc, privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1"] } }),
        "aws.network.privateSubnetIds",
        /at least two/,
    ],
    [
        "an existing VPC without subnets",
        withAws({ network: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.8.0.0/16" } }),
        "aws.network.publicSubnetIds",
        /required with an existing VPC/,
    ],
    [
        "both environments forced into one zone",
        withAws({ production: { subnetIndex: 1 }, redundancy: { subnetIndex: 1 } }),
        "aws.redundancy.subnetIndex",
        /same as production's.*one availability zone/,
    ],
    [
        "the same zone listed twice",
        withAws({ network: { availabilityZones: ["eu-west-1a", "eu-west-1a"] } }),
        "aws.network.availabilityZones",
        /same zone twice/,
    ],
    ["a single zone", withAws({ network: { availabilityZones: ["eu-west-1a"] } }), "aws.network.availabilityZones", /at least two/],
    [
        "a zone of another region",
        withAws({ network: { availabilityZones: ["eu-west-1a", "us-east-1b"] } }),
        "aws.network.availabilityZones[1]",
        /us-east-1b, which is not in aws.region \(eu-west-1\)/,
    ],
    ["a created VPC too large for AWS", withAws({ network: { cidrBlock: "10.0.0.0/8" } }), "aws.network.cidrBlock", /must be a \/16 to \/24/],
    ["a created VPC too small to cut", withAws({ network: { cidrBlock: "10.0.0.0/26" } }), "aws.network.cidrBlock", /must be a \/16 to \/24/],
    ["a VPC CIDR with host bits", withAws({ network: { cidrBlock: "10.40.7.0/16" } }), "aws.network.cidrBlock", /host bits/],
    ["a subnet index beyond the subnets", withAws({ redundancy: { subnetIndex: 2 } }), "aws.redundancy.subnetIndex", /has 2 private subnet/],
    [
        "another region without its own network",
        withAws({ redundancy: { region: "eu-central-1" } }),
        "aws.redundancy.network",
        /required because aws.redundancy.region/,
    ],
    ["a CPU size Fargate does not have", { ...base, webAuthor: { cpus: 3 } }, "webAuthor.cpus", /Fargate tasks have 0.25, 0.5, 1, 2, 4, 8, 16 vCPU/],
    [
        "memory Fargate does not pair with the CPU",
        { ...base, webAuthor: { cpus: 2, memoryMb: 20480, maxHeapMb: 4096 } },
        "webAuthor.memoryMb",
        /4096 to 16384 MiB in steps of 1024/,
    ],
    ["an Admin CIDR that is not a CIDR", { ...base, loadBalancer: { adminAllowedSources: ["203.0.113.7"] } }, "loadBalancer.adminAllowedSources[0]", /CIDR/],
    [
        "a log retention CloudWatch does not accept",
        withAws({ webAuthor: { logRetentionDays: 45 } }),
        "aws.webAuthor.logRetentionDays",
        /one of CloudWatch's retention periods/,
    ],
    [
        "a target-group check timeout not below its interval",
        withAws({ targetGroupHealthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } }),
        "aws.targetGroupHealthCheck.timeoutSeconds",
        /less than/,
    ],
    [
        "a Route 53 interval it does not offer",
        withAws({ failoverHealthCheck: { requestIntervalSeconds: 15 } }),
        "aws.failoverHealthCheck.requestIntervalSeconds",
        /10 or 30/,
    ],
    ["an idle timeout beyond the ALB's limit", { ...base, loadBalancer: { tunnelTimeoutSeconds: 7200 } }, "loadBalancer.tunnelTimeoutSeconds", /at most 4000/],
    [
        "a license server in a container on AWS",
        { ...base, licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" } },
        "licenseServer.mode",
        /only the docker platform/,
    ],
    [
        "a readiness timeout under a minute",
        withAws({ licenseServer: { readyTimeoutSeconds: 59 } }),
        "aws.licenseServer.readyTimeoutSeconds",
        /at least 60 \(seconds\)/,
    ],
    [
        "a readiness timeout over an hour",
        withAws({ licenseServer: { readyTimeoutSeconds: 3601 } }),
        "aws.licenseServer.readyTimeoutSeconds",
        /at most 3600 \(seconds\)/,
    ],
    [
        "a readiness timeout with a fraction",
        withAws({ licenseServer: { readyTimeoutSeconds: 90.5 } }),
        "aws.licenseServer.readyTimeoutSeconds",
        /whole number \(seconds\)/,
    ],
    ["ec2 mode without a WAR", { ...base, licenseServer: {} }, "licenseServer.warUrl", /required when licenseServer.mode is `ec2`/],
    [
        "ec2 mode without the admin password",
        { ...base, licenseServerAdminPassword: undefined },
        "licenseServerAdminPassword",
        /required when licenseServer.mode is `ec2`/,
    ],
    ["a Docker-only field on AWS", { ...base, production: { webAuthorHostPort: 18090 } }, "production.webAuthorHostPort", /only used on the docker platform/],
    [
        "a Docker-only bind address on AWS",
        { ...base, redundancy: { webAuthorPublishAddress: "10.0.0.20" } },
        "redundancy.webAuthorPublishAddress",
        /only used on the docker platform/,
    ],
    [
        "AWS settings on Docker",
        { ...base, platform: "docker", licenseServer: { mode: "external" }, production: {}, redundancy: {} },
        "aws",
        /only used when platform is `aws`/,
    ],
];

describe("invalid AWS configuration is rejected before any resource is registered or any invoke is made", () => {
    it.each(cases)("%s", async (_title, values, key, message) => {
        const { error, registered, invokes } = await attempt(values);
        expect(error).toBeInstanceOf(ConfigValidationError);
        const issues = (error as ConfigValidationError).issues;
        const issue = issues.find((i) => i.key === key);
        if (!issue) throw new Error(`no issue for ${key}; got ${JSON.stringify(issues)}`);
        expect(issue.message).toMatch(message);
        expect(registered).toEqual([]);
        expect(invokes).toEqual([]);
    });

    it("accepts the sample configuration (so each case above fails for its own reason)", async () => {
        const { error, registered } = await attempt(base);
        expect(error).toBeUndefined();
        expect(registered.length).toBeGreaterThan(100);
    });
});
