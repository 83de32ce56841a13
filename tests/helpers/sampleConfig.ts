import fs from "node:fs";
import path from "node:path";

/** A valid stack configuration as Pulumi hands it to the program: namespaced keys, JSON objects, secret keys. */
export const NS = "oxygen-webauthor-ha";

export const SECRETS = {
    productionLicenseKey: "PROD-KEY-7f3a9c-production-only",
    redundancyLicenseKey: "REDUNDANCY-KEY-2b8e41-redundancy-only",
    licenseServerPassword: "ls-p@ss:w=rd#1!",
    licenseServerAdminPassword: "ls-admin-9c1d2e",
    webAuthorAdminPassword: "wa-admin-5e6f7a",
} as const;

/**
 * A real TLS bundle (self-signed EC certificate for `localhost` and its key, generated once for the tests, valid for
 * a century): the config checks that the key belongs to the certificate, as HAProxy does.
 */
export const TLS_PEM = fs.readFileSync(path.join(__dirname, "..", "fixtures", "tls", "bundle.pem"), "utf8");
/** A private key that belongs to no certificate of ours. */
export const OTHER_KEY_PEM = fs.readFileSync(path.join(__dirname, "..", "fixtures", "tls", "other-key.pem"), "utf8");

/** Top-level (un-namespaced) values of the sample config. */
export function sampleValues(): Record<string, unknown> {
    return {
        ...SECRETS,
        platform: "docker",
        licenseServer: { mode: "container", warUrl: "https://downloads.example.com/oXygenLicenseServlet.war" },
        loadBalancer: { httpPort: 8080 },
    };
}

/** The values as Pulumi's runtime holds them: namespaced, objects as JSON text, plus the secret keys. */
/**
 * Production, redundancy and the load balancer on three Docker hosts reached over SSH, each Web Author and license
 * server published on its own host's address: the placement keys only. `extra` overrides one environment's keys.
 */
export function threeHostPlacement(extra: { production?: Record<string, unknown>; redundancy?: Record<string, unknown> } = {}): Record<string, unknown> {
    const onHost = (name: string, address: string, webAuthorHostPort: number) => ({
        dockerHost: `ssh://deploy@${name}-host`,
        address,
        webAuthorHostPort,
        webAuthorPublishAddress: address,
        licenseServerPublishAddress: address,
    });
    return {
        production: { ...onHost("prod", "10.0.0.10", 18090), ...extra.production },
        redundancy: { ...onHost("red", "10.0.0.20", 18091), ...extra.redundancy },
        loadBalancer: { dockerHost: "ssh://deploy@lb-host", httpPort: 80 },
    };
}

export function asPulumiConfig(values: Record<string, unknown>, secretKeys: readonly string[] = Object.keys(SECRETS)) {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        config[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config, secretKeys: secretKeys.map((key) => `${NS}:${key}`) };
}

export const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

/** A valid AWS stack configuration: created VPC, EC2 license servers, HTTPS with an ACM certificate. */
export function awsSampleValues(): Record<string, unknown> {
    return {
        ...SECRETS,
        platform: "aws",
        licenseServer: { warUrl: "https://downloads.example.com/oXygenLicenseServlet.war" },
        loadBalancer: { adminAllowedSources: ["203.0.113.0/24"] },
        aws: {
            region: "eu-west-1",
            hostedZoneId: "Z0123456789ABCDEFGHIJ",
            domainName: "webauthor.example.com",
            certificateArn: CERTIFICATE_ARN,
        },
    };
}

/** The AWS invokes the program may make, answered as AWS would. */
export const AWS_INVOKES = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        names: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"],
        id: "eu-west-1",
    }),
    "aws:ec2/getAmi:getAmi": () => ({ id: "ami-0123456789abcdef0", name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20261101" }),
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": () => ({
        userName: "AWS",
        password: "ecr-registry-token",
        authorizationToken: "QVdTOmVjci1yZWdpc3RyeS10b2tlbg==",
        proxyEndpoint: "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    }),
    "aws:ec2/getSubnet:getSubnet": (inputs: Record<string, any>) => ({
        id: inputs.id,
        availabilityZone: `eu-west-1${String.fromCharCode(97 + (Number(String(inputs.id).slice(-1)) % 3))}`,
    }),
};

/** `aws.redundancy` for redundancy in another region, in its own existing VPC, with its own certificate. */
export const OTHER_REGION_REDUNDANCY = {
    region: "eu-central-1",
    certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-777788889999",
    subnetIndex: 0,
    network: {
        vpcId: "vpc-0fedcba9876543210",
        cidrBlock: "10.9.0.0/16",
        publicSubnetIds: ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"],
        privateSubnetIds: ["subnet-0ddddddddddddddd1", "subnet-0ddddddddddddddd2"],
    },
} as const;
