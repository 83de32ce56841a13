/**
 * Bad input, by class, on both platforms: each value below is rejected before anything is registered (or invoked),
 * by a `pulumi.RunError` that names the key and what is wrong and never repeats a secret. The values that are
 * accepted instead, because the real parsers read them back unchanged, are in tests/real/badInputAccepted.test.ts.
 */
import { RunError } from "@pulumi/pulumi/errors";
import { ConfigValidationError } from "../../components";
import { deployStack } from "../../stacks/program";
import { RecordedInvoke, RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, OTHER_KEY_PEM, SECRETS, sampleValues, threeHostPlacement, TLS_PEM } from "../helpers/sampleConfig";

type Values = Record<string, unknown>;
const docker = sampleValues();
const aws = awsSampleValues();
const awsBlock = aws.aws as Values;
const ls = docker.licenseServer as Values;
const withDocker = (changes: Values): Values => ({ ...docker, ...changes });
const withAws = (changes: Values): Values => ({ ...aws, ...changes });
const external = (production: Values, redundancy: Values = { licenseServerUrl: "http://ls-red:8080/oXygenLicenseServlet/license-servlet" }) =>
    withDocker({ licenseServer: { mode: "external" }, production, redundancy });
const threeHosts = (extra: { production?: Values; redundancy?: Values; licenseServer?: Values } = {}): Values =>
    withDocker({ ...threeHostPlacement(extra), licenseServer: { ...ls, ...extra.licenseServer } });
const otherRegion = (network: Values, shared?: Values) =>
    withAws({
        aws: {
            ...awsBlock,
            ...(shared ? { network: shared } : {}),
            redundancy: {
                region: "eu-central-1",
                certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
                network: {
                    vpcId: "vpc-0fedcba9876543210",
                    publicSubnetIds: ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"],
                    privateSubnetIds: ["subnet-0ddddddddddddddd1", "subnet-0ddddddddddddddd2"],
                    ...network,
                },
            },
        },
    });
/** A value that must never appear in an error message (a password inside a URL, say). */
const HIDDEN = "s3cr3t-Hidden-9";

interface Case {
    readonly cls: string;
    readonly title: string;
    readonly values: Values;
    readonly key: string;
    readonly message: RegExp;
    /** Keys stored as secrets; default: the sample's secrets. */
    readonly secretKeys?: string[];
}

const c = (cls: string, title: string, values: Values, key: string, message: RegExp, secretKeys?: string[]): Case => ({
    cls,
    title,
    values,
    key,
    message,
    secretKeys,
});
const withTls = [...Object.keys(SECRETS), "tlsCertificate"];
const CONTROL = /control character/;

const cases: Case[] = [
    // Control characters: license.properties and tomcat-users.xml cannot both carry them unchanged.
    c(
        "control characters",
        "a password with a trailing line break (piped from a file)",
        withDocker({ licenseServerPassword: `${HIDDEN}\n` }),
        "licenseServerPassword",
        /remove the trailing line break/,
    ),
    c("control characters", "a password with a tab", withDocker({ licenseServerPassword: `a\t${HIDDEN}` }), "licenseServerPassword", CONTROL),
    c("control characters", "an admin password with NUL", withDocker({ licenseServerAdminPassword: `${HIDDEN}\u0000` }), "licenseServerAdminPassword", CONTROL),
    c(
        "control characters",
        "a Web Author admin password with an escape sequence",
        withDocker({ webAuthorAdminPassword: `\u001b[31m${HIDDEN}` }),
        "webAuthorAdminPassword",
        CONTROL,
    ),
    c("control characters", "a password with a C1 control", withDocker({ licenseServerPassword: `${HIDDEN}\u0085` }), "licenseServerPassword", CONTROL),
    c(
        "control characters",
        "a password with an unpaired surrogate",
        withDocker({ licenseServerPassword: `${HIDDEN}\ud800` }),
        "licenseServerPassword",
        /unpaired surrogate/,
    ),
    c(
        "control characters",
        "a password with the non-character U+FFFF",
        withDocker({ licenseServerPassword: `${HIDDEN}\uffff` }),
        "licenseServerPassword",
        CONTROL,
    ),
    c("control characters", "a user with a line break", withDocker({ licenseServer: { ...ls, user: "web\nauthor" } }), "licenseServer.user", /letters, digits/),
    c("control characters", "a user with a space", withDocker({ licenseServer: { ...ls, user: "web author" } }), "licenseServer.user", /letters, digits/),
    c("control characters", "AWS: a password with a carriage return", withAws({ licenseServerPassword: `${HIDDEN}\r` }), "licenseServerPassword", CONTROL),
    c("control characters", "AWS: an admin password with a line break", withAws({ webAuthorAdminPassword: `${HIDDEN}\nx` }), "webAuthorAdminPassword", CONTROL),

    // License keys are compared as keys: line endings and white space at line ends do not make two keys.
    c(
        "key line endings",
        "the production key again with CRLF line endings",
        withDocker({ productionLicenseKey: "LINE-1\nLINE-2\n", redundancyLicenseKey: "LINE-1\r\nLINE-2\r\n" }),
        "redundancyLicenseKey",
        /same as productionLicenseKey/,
    ),
    c(
        "key line endings",
        "the production key again with trailing spaces on its lines",
        withDocker({ productionLicenseKey: "LINE-1\nLINE-2", redundancyLicenseKey: "LINE-1  \n  LINE-2\n\n" }),
        "redundancyLicenseKey",
        /same as productionLicenseKey/,
    ),
    c(
        "key line endings",
        "AWS: the production key again with old Mac line endings",
        withAws({ productionLicenseKey: "A\nB", redundancyLicenseKey: "A\rB" }),
        "redundancyLicenseKey",
        /same as productionLicenseKey/,
    ),

    // URLs with credentials: the password would sit in plain container environment, user data and outputs.
    c(
        "credentials in URLs",
        "a WAR URL with user and password",
        withDocker({ licenseServer: { ...ls, warUrl: `https://me:${HIDDEN}@downloads.example.com/x.war` } }),
        "licenseServer.warUrl",
        /must not contain credentials/,
    ),
    c(
        "credentials in URLs",
        "a kit URL with a user name",
        withDocker({ webAuthor: { kitUrl: `https://${HIDDEN}@downloads.example.com/kit.zip` } }),
        "webAuthor.kitUrl",
        /must not contain credentials/,
    ),
    c(
        "credentials in URLs",
        "an external license server URL with credentials",
        external({ licenseServerUrl: `http://webauthor:${HIDDEN}@ls-prod:8080/oXygenLicenseServlet/license-servlet` }),
        "production.licenseServerUrl",
        /must not contain credentials/,
    ),
    c(
        "credentials in URLs",
        "a Docker host with a password",
        withDocker({ production: { dockerHost: `ssh://deploy:${HIDDEN}@prod-host`, webAuthorHostPort: 18090 } }),
        "production.dockerHost",
        /must not contain a password/,
    ),
    c(
        "credentials in URLs",
        "AWS: a WAR URL with credentials",
        withAws({ licenseServer: { warUrl: `https://me:${HIDDEN}@bucket.example.com/x.war` } }),
        "licenseServer.warUrl",
        /must not contain credentials/,
    ),

    // License-server URLs must be the servlet's.
    c(
        "servlet path",
        "an external URL without any path",
        external({ licenseServerUrl: "http://ls-prod:8080/" }),
        "production.licenseServerUrl",
        /ending in \/<context path>\/license-servlet/,
    ),
    c(
        "servlet path",
        "an external URL with the context path only",
        external({ licenseServerUrl: "http://ls-prod:8080/oXygenLicenseServlet" }),
        "production.licenseServerUrl",
        /license-servlet/,
    ),
    c(
        "servlet path",
        "an external URL with a query",
        external({ licenseServerUrl: "http://ls-prod:8080/oXygenLicenseServlet/license-servlet?x=1" }),
        "production.licenseServerUrl",
        /license-servlet/,
    ),
    c(
        "servlet path",
        "AWS: an external URL without the servlet",
        withAws({
            licenseServer: { mode: "external" },
            redundancy: { licenseServerUrl: "http://ls-red.internal:8080/oXygenLicenseServlet" },
            production: { licenseServerUrl: "http://ls-prod.internal:8080/oXygenLicenseServlet/license-servlet" },
        }),
        "redundancy.licenseServerUrl",
        /license-servlet/,
    ),

    // `.` and `..`: the parsers resolve them away, so the URL or path used is not the one given.
    c("dot segments", "a context path of ..", withDocker({ licenseServer: { ...ls, contextPath: ".." } }), "licenseServer.contextPath", /not `.` or `..`/),
    c(
        "dot segments",
        "a WAR URL with ..",
        withDocker({ licenseServer: { ...ls, warUrl: "https://downloads.example.com/a/../x.war" } }),
        "licenseServer.warUrl",
        /`..` path segments/,
    ),
    c(
        "dot segments",
        "a kit URL with an encoded ..",
        withDocker({ webAuthor: { kitUrl: "https://downloads.example.com/a/%2E%2E/kit.zip" } }),
        "webAuthor.kitUrl",
        /`..` path segments/,
    ),
    c(
        "dot segments",
        "an external URL with a . segment",
        external({ licenseServerUrl: "http://ls-prod:8080/./oXygenLicenseServlet/license-servlet" }),
        "production.licenseServerUrl",
        /`..` path segments/,
    ),

    // IP addresses.
    c(
        "IP addresses",
        "a publish address with an octet above 255",
        withDocker({ production: { licenseServerPublishAddress: "256.0.0.1" } }),
        "production.licenseServerPublishAddress",
        /IPv4 address/,
    ),
    c(
        "IP addresses",
        "a multicast publish address",
        withDocker({ redundancy: { licenseServerPublishAddress: "224.0.0.1" } }),
        "redundancy.licenseServerPublishAddress",
        /multicast/,
    ),
    c("IP addresses", "a host address with an octet above 255", threeHosts({ production: { address: "10.0.0.256" } }), "production.address", /not one/),
    c("IP addresses", "a host address with three octets", threeHosts({ redundancy: { address: "10.0.0" } }), "redundancy.address", /not one/),
    c(
        "IP addresses",
        "a loopback host address across hosts",
        threeHosts({ production: { address: "127.0.0.1" } }),
        "production.address",
        /other hosts can reach/,
    ),
    c(
        "IP addresses",
        "an Admin CIDR with host bits",
        withDocker({ loadBalancer: { httpPort: 8080, adminAllowedSources: ["10.1.2.3/8"] } }),
        "loadBalancer.adminAllowedSources[0]",
        /host bits/,
    ),
    c(
        "IP addresses",
        "AWS: an Admin CIDR with host bits",
        withAws({ loadBalancer: { adminAllowedSources: ["203.0.113.9/24"] } }),
        "loadBalancer.adminAllowedSources[0]",
        /host bits/,
    ),
    c(
        "IP addresses",
        "AWS: an existing VPC's CIDR with a bad octet",
        otherRegion({ cidrBlock: "10.300.0.0/16" }),
        "aws.redundancy.network.cidrBlock",
        /IPv4 CIDR/,
    ),

    // Numbers that the rendered HAProxy config (or Java) could not hold.
    c(
        "numbers",
        "a connect timeout beyond HAProxy's timer",
        withDocker({ loadBalancer: { httpPort: 8080, connectTimeoutMs: 2147483648 } }),
        "loadBalancer.connectTimeoutMs",
        /at most 2147483647.*timer limit/,
    ),
    c(
        "numbers",
        "a server timeout beyond HAProxy's timer",
        withDocker({ loadBalancer: { httpPort: 8080, serverTimeoutSeconds: 2147484 } }),
        "loadBalancer.serverTimeoutSeconds",
        /at most 2147483 /,
    ),
    c(
        "numbers",
        "a tunnel timeout beyond HAProxy's timer",
        withDocker({ loadBalancer: { httpPort: 8080, tunnelTimeoutSeconds: 1e9 } }),
        "loadBalancer.tunnelTimeoutSeconds",
        /timer limit/,
    ),
    c(
        "numbers",
        "a fractional health-check interval",
        withDocker({ loadBalancer: { httpPort: 8080, healthCheck: { intervalMs: 1.5 } } }),
        "loadBalancer.healthCheck.intervalMs",
        /whole number/,
    ),
    c("numbers", "a DNS cache TTL beyond Java's int", withDocker({ webAuthor: { dnsCacheTtlSeconds: 2 ** 31 } }), "webAuthor.dnsCacheTtlSeconds", /32-bit/),
    c(
        "numbers",
        "AWS: a negative DNS cache TTL (Java: forever)",
        withAws({ webAuthor: { dnsCacheTtlSeconds: -1 } }),
        "webAuthor.dnsCacheTtlSeconds",
        /cache forever/,
    ),

    // A file path, or anything HAProxy's `crt` would refuse, where a PEM bundle is expected.
    c("PEM bundle", "an absolute file path", withDocker({ tlsCertificate: "/etc/ssl/private/site.pem" }), "tlsCertificate", /looks like a file path/, withTls),
    c("PEM bundle", "a relative file name", withDocker({ tlsCertificate: "site.pem" }), "tlsCertificate", /looks like a file path/, withTls),
    c("PEM bundle", "text that is not PEM", withDocker({ tlsCertificate: HIDDEN }), "tlsCertificate", /not a PEM bundle/, withTls),
    c(
        "PEM bundle",
        "a certificate without its key",
        withDocker({ tlsCertificate: TLS_PEM.replace(/-----BEGIN PRIVATE KEY-----[\s\S]*$/, "") }),
        "tlsCertificate",
        /0 private keys/,
        withTls,
    ),
    c(
        "PEM bundle",
        "a key that belongs to another certificate",
        withDocker({ tlsCertificate: TLS_PEM.replace(/-----BEGIN PRIVATE KEY-----[\s\S]*$/, OTHER_KEY_PEM) }),
        "tlsCertificate",
        /does not belong/,
        withTls,
    ),
    c(
        "PEM bundle",
        "an encrypted key",
        withDocker({ tlsCertificate: TLS_PEM.replace(/(BEGIN|END) PRIVATE KEY/g, "$1 ENCRYPTED PRIVATE KEY") }),
        "tlsCertificate",
        /encrypted/,
        withTls,
    ),
    c(
        "PEM bundle",
        "a damaged certificate",
        withDocker({ tlsCertificate: TLS_PEM.replace(/(-----BEGIN CERTIFICATE-----\n)./, "$1#") }),
        "tlsCertificate",
        /not a valid X.509/,
        withTls,
    ),
    c("PEM bundle", "AWS: a PEM bundle, which AWS does not use", withAws({ tlsCertificate: TLS_PEM }), "tlsCertificate", /aws.certificateArn/, withTls),

    // Wrong types say what was expected and what was given, instead of "required but not set".
    c(
        "wrong types",
        "a port as text",
        withDocker({ loadBalancer: { httpPort: "8080" } }),
        "loadBalancer.httpPort",
        /must be a port number.*, but is text; write it without quotes/,
    ),
    c(
        "wrong types",
        "a number for an object",
        withDocker({ loadBalancer: { httpPort: 8080, healthCheck: 5 } }),
        "loadBalancer.healthCheck",
        /must be an object.*, but is a number/,
    ),
    c("wrong types", "true for a CPU count", withDocker({ webAuthor: { cpus: true } }), "webAuthor.cpus", /must be a number of CPU cores, but is true\/false/),
    c(
        "wrong types",
        "text for a list",
        withDocker({ loadBalancer: { httpPort: 8080, adminAllowedSources: "10.0.0.0/8" } }),
        "loadBalancer.adminAllowedSources",
        /must be a list, but is text/,
    ),
    c(
        "wrong types",
        "null for a user",
        withDocker({ licenseServer: { ...ls, user: null } }),
        "licenseServer.user",
        /must be a user name \(text\), but is an empty value/,
    ),
    c("wrong types", "a number for a section", withDocker({ production: 5 }), "production", /must be an object.*, but is a number/),
    c(
        "wrong types",
        "AWS: text for a boolean",
        withAws({ aws: { ...awsBlock, allowPlainHttp: "yes" } }),
        "aws.allowPlainHttp",
        /must be true or false, but is text/,
    ),
    c("wrong types", "AWS: a list for a region", withAws({ aws: { ...awsBlock, region: ["eu-west-1"] } }), "aws.region", /must be text, but is a list/),

    // The license-server user must not be the server's own administrator, whom the container then refuses.
    c("user admin", "Docker: user admin", withDocker({ licenseServer: { ...ls, user: "admin" } }), "licenseServer.user", /must not be `admin`/),
    c(
        "user admin",
        "AWS: user admin",
        withAws({ licenseServer: { warUrl: "https://downloads.example.com/x.war", user: "admin" } }),
        "licenseServer.user",
        /must not be `admin`/,
    ),

    // Connected VPCs must not overlap.
    c(
        "overlapping CIDRs",
        "AWS: another region's VPC inside the created one",
        otherRegion({ cidrBlock: "10.40.128.0/17" }),
        "aws.redundancy.network.cidrBlock",
        /overlaps production's VPC \(10.40.0.0\/16\)/,
    ),
    c(
        "overlapping CIDRs",
        "AWS: another region's VPC around the shared existing one",
        otherRegion(
            { cidrBlock: "10.0.0.0/8" },
            {
                vpcId: "vpc-0123456789abcdef0",
                cidrBlock: "10.8.0.0/16",
                publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
            },
        ),
        "aws.redundancy.network.cidrBlock",
        /overlaps/,
    ),

    // Keys that mean nothing on AWS are refused instead of ignored.
    c(
        "Docker-only keys on AWS",
        "loadBalancer.image",
        withAws({ loadBalancer: { image: "haproxy:3.0.5" } }),
        "loadBalancer.image",
        /only used on the docker platform/,
    ),
    c("Docker-only keys on AWS", "loadBalancer.httpPort", withAws({ loadBalancer: { httpPort: 80 } }), "loadBalancer.httpPort", /ALBs listen on 80 and 443/),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.httpsPort",
        withAws({ loadBalancer: { httpsPort: 443 } }),
        "loadBalancer.httpsPort",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.healthCheck.fall",
        withAws({ loadBalancer: { healthCheck: { fall: 3 } } }),
        "loadBalancer.healthCheck",
        /aws.targetGroupHealthCheck/,
    ),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.stickyCookieName",
        withAws({ loadBalancer: { stickyCookieName: "X" } }),
        "loadBalancer.stickyCookieName",
        /aws.stickinessSeconds/,
    ),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.connectTimeoutMs",
        withAws({ loadBalancer: { connectTimeoutMs: 500 } }),
        "loadBalancer.connectTimeoutMs",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.serverTimeoutSeconds",
        withAws({ loadBalancer: { serverTimeoutSeconds: 60 } }),
        "loadBalancer.serverTimeoutSeconds",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "licenseServer.publishAddress",
        withAws({ licenseServer: { warUrl: "https://downloads.example.com/x.war", publishAddress: "0.0.0.0" } }),
        "licenseServer.publishAddress",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "licenseServer.image",
        withAws({ licenseServer: { warUrl: "https://downloads.example.com/x.war", image: "ls:1" } }),
        "licenseServer.image",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "production.licenseServerPublishAddress",
        withAws({ production: { licenseServerPublishAddress: "0.0.0.0" } }),
        "production.licenseServerPublishAddress",
        /only used on the docker platform/,
    ),
    c(
        "Docker-only keys on AWS",
        "loadBalancer.dockerHost",
        withAws({ loadBalancer: { dockerHost: "ssh://lb" } }),
        "loadBalancer.dockerHost",
        /only used on the docker platform/,
    ),

    // Found on the way: keys ignored in external mode, image references Docker cannot parse, one publish address
    // for two hosts, addresses the other hosts cannot use.
    c(
        "other",
        "a container-mode key in external mode",
        withDocker({
            licenseServer: { mode: "external", image: "ls:1" },
            production: { licenseServerUrl: "http://a:8080/oXygenLicenseServlet/license-servlet" },
            redundancy: { licenseServerUrl: "http://b:8080/oXygenLicenseServlet/license-servlet" },
        }),
        "licenseServer.image",
        /only used when licenseServer.mode is `container`/,
    ),
    c(
        "other",
        "an image reference with capitals and a space",
        withDocker({ webAuthor: { image: "My Registry/Web Author" } }),
        "webAuthor.image",
        /Docker image reference/,
    ),
    c(
        "other",
        "one specific publish address for two hosts (old key)",
        threeHosts({
            production: { licenseServerPublishAddress: undefined },
            redundancy: { licenseServerPublishAddress: undefined },
            licenseServer: { publishAddress: "10.0.0.10" },
        }),
        "licenseServer.publishAddress",
        /move it to production.licenseServerPublishAddress and redundancy.licenseServerPublishAddress/,
    ),
    c("other", "the old key beside both new ones", threeHosts({ licenseServer: { publishAddress: "0.0.0.0" } }), "licenseServer.publishAddress", /remove it/),
    c(
        "other",
        "a license server on loopback used from another host",
        threeHosts({ redundancy: { licenseServerPublishAddress: undefined } }),
        "redundancy.licenseServerPublishAddress",
        /is 127.0.0.1, but a Web Author on another Docker host/,
    ),
    c(
        "other",
        "a publish address that is not the host's address",
        threeHosts({ production: { licenseServerPublishAddress: "10.0.0.99" } }),
        "production.licenseServerPublishAddress",
        /reach production's host at production.address \(10.0.0.10\)/,
    ),
    c(
        "other",
        "one address for two hosts",
        threeHosts({ redundancy: { address: "10.0.0.10", licenseServerPublishAddress: "0.0.0.0" } }),
        "redundancy.address",
        /same as production.address/,
    ),
];

async function attempt(values: Values, secretKeys?: string[]) {
    const { config, secretKeys: keys } = asPulumiConfig(values, secretKeys);
    const registered: RecordedResource[] = [];
    const invokes: RecordedInvoke[] = [];
    let error: unknown;
    try {
        await runProgram(() => deployStack(), config, keys, registered, AWS_INVOKES, invokes);
    } catch (e) {
        error = e;
    }
    return { error, registered, invokes };
}

/** Every secret of the case, and the hidden marker, as they must never appear in a message. */
function secretsOf(values: Values): string[] {
    const secrets = Object.keys(SECRETS)
        .concat("tlsCertificate")
        .map((key) => values[key])
        .filter((v): v is string => typeof v === "string");
    return [...secrets, HIDDEN];
}

describe("bad input is rejected before anything is registered, naming the key", () => {
    it("has at least 60 cases, on both platforms", () => {
        expect(cases.length).toBeGreaterThanOrEqual(60);
        expect(cases.filter((k) => (k.values as { platform: string }).platform === "aws").length).toBeGreaterThanOrEqual(20);
    });

    it.each(cases.map((k) => [`${k.cls}: ${k.title}`, k] as const))("%s", async (_title, k) => {
        const { error, registered, invokes } = await attempt(k.values, k.secretKeys);
        expect(error).toBeInstanceOf(ConfigValidationError);
        // What the CLI prints as a message, without a stack trace.
        expect(RunError.isInstance(error)).toBe(true);
        const issues = (error as ConfigValidationError).issues;
        const issue = issues.find((i) => i.key === k.key);
        if (!issue) throw new Error(`no issue for ${k.key}; got ${JSON.stringify(issues)}`);
        expect(issue.message).toMatch(k.message);
        expect((error as Error).message).toContain(`oxygen-webauthor-ha:${k.key}: `);
        for (const secret of secretsOf(k.values)) expect((error as Error).message).not.toContain(secret);
        expect(registered).toEqual([]);
        expect(invokes).toEqual([]);
    });

    it("accepts both base configurations (so each case fails for its own reason)", async () => {
        for (const values of [docker, aws, threeHosts()]) {
            const { error, registered } = await attempt(values);
            expect(error).toBeUndefined();
            expect(registered.length).toBeGreaterThan(10);
        }
    });
});
