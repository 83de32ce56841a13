import { ConfigValidationError } from "../../components";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { asPulumiConfig, SECRETS, sampleValues } from "../helpers/sampleConfig";

/** Runs the stack program with `values`; returns the error it threw and what it registered before. */
async function attempt(values: Record<string, unknown>, secretKeys?: string[]) {
    const { config, secretKeys: keys } = asPulumiConfig(values, secretKeys);
    const registered: RecordedResource[] = [];
    let error: unknown;
    try {
        await runProgram(() => deployStack(), config, keys, registered);
    } catch (e) {
        error = e;
    }
    return { error, registered };
}

const base = sampleValues();
const cases: Array<[string, Record<string, unknown>, string, RegExp, string[]?]> = [
    ["a missing license key", { ...base, productionLicenseKey: undefined }, "productionLicenseKey", /required/],
    ["an empty license key", { ...base, redundancyLicenseKey: "   " }, "redundancyLicenseKey", /must not be empty/],
    [
        "the same key for both environments",
        { ...base, redundancyLicenseKey: SECRETS.productionLicenseKey },
        "redundancyLicenseKey",
        /same as productionLicenseKey/,
    ],
    [
        "a license key in plain text",
        base,
        "productionLicenseKey",
        /plain text.*pulumi config set --secret productionLicenseKey/,
        Object.keys(SECRETS).filter((k) => k !== "productionLicenseKey"),
    ],
    ["a password in plain text", base, "licenseServerPassword", /plain text/, Object.keys(SECRETS).filter((k) => k !== "licenseServerPassword")],
    ["a malformed URL", { ...base, licenseServer: { mode: "container", warUrl: "downloads/x.war" } }, "licenseServer.warUrl", /absolute http/],
    [
        "a malformed external license server URL",
        {
            ...base,
            licenseServer: { mode: "external" },
            production: { licenseServerUrl: "ftp://x" },
            redundancy: { licenseServerUrl: "http://ls-red:8080/oXygenLicenseServlet/license-servlet" },
        },
        "production.licenseServerUrl",
        /absolute http/,
    ],
    ["a port out of range", { ...base, loadBalancer: { httpPort: 70000 } }, "loadBalancer.httpPort", /1 to 65535/],
    [
        "two services on one host port",
        { ...base, loadBalancer: { httpPort: 18080 } },
        "production.licenseServerHostPort",
        /host port 18080, already taken by loadBalancer.httpPort/,
    ],
    ["an unknown platform", { ...base, platform: "kubernetes" }, "platform", /must be `docker`/],
    [
        "a non-positive health-check interval",
        { ...base, loadBalancer: { healthCheck: { intervalMs: 0 } } },
        "loadBalancer.healthCheck.intervalMs",
        /greater than zero/,
    ],
    ["a zero fall count", { ...base, loadBalancer: { healthCheck: { fall: 0 } } }, "loadBalancer.healthCheck.fall", /greater than zero/],
    [
        "timings that would never fail over",
        { ...base, loadBalancer: { healthCheck: { intervalMs: 600000, timeoutMs: 1000, fall: 3 } } },
        "loadBalancer.healthCheck",
        /practically never fail over/,
    ],
    ["a negative size", { ...base, webAuthor: { memoryMb: -1 } }, "webAuthor.memoryMb", /greater than zero/],
    ["a negative CPU count", { ...base, webAuthor: { cpus: -2 } }, "webAuthor.cpus", /greater than zero/],
    ["a typo in a config object", { ...base, loadBalancer: { httpPrt: 8080 } }, "loadBalancer.httpPrt", /unknown field/],
    ["a typo in a nested object", { ...base, loadBalancer: { healthCheck: { intervall: 5 } } }, "loadBalancer.healthCheck.intervall", /unknown field/],
    ["an unknown top-level key", { ...base, licenceKey: "x" }, "licenceKey", /unknown field/],
    ["a bad admin CIDR", { ...base, loadBalancer: { adminAllowedSources: ["10.0.0.0/33"] } }, "loadBalancer.adminAllowedSources[0]", /CIDR/],
    [
        "a Web Author published on the load balancer's own host",
        { ...base, production: { webAuthorHostPort: 18090, webAuthorPublishAddress: "127.0.0.1" } },
        "production.webAuthorHostPort",
        /load balancer shares its Docker host.*bypass the load balancer, its Admin guard and its TLS: remove it/,
    ],
    [
        "a Web Author published for a remote load balancer without a bind address",
        {
            ...base,
            redundancy: { webAuthorHostPort: 18091 },
            loadBalancer: { dockerHost: "ssh://deploy@lb-host" },
            production: { address: "10.0.0.10", webAuthorHostPort: 18090, webAuthorPublishAddress: "10.0.0.10" },
        },
        "redundancy.webAuthorPublishAddress",
        /required with webAuthorHostPort: the host interface/,
    ],
    [
        "a bind address without a port",
        { ...base, production: { webAuthorPublishAddress: "10.0.0.10" } },
        "production.webAuthorPublishAddress",
        /only used with webAuthorHostPort/,
    ],
    [
        "a bind address that is not an IPv4 address",
        { ...base, production: { webAuthorHostPort: 18090, webAuthorPublishAddress: "prod-host" } },
        "production.webAuthorPublishAddress",
        /IPv4/,
    ],
    [
        "container mode without a WAR",
        { ...base, licenseServer: { mode: "container" } },
        "licenseServer.warUrl",
        /required when licenseServer.mode is `container`/,
    ],
];

describe("invalid configuration is rejected before any resource is registered", () => {
    // A rest parameter: jest would take a fifth named parameter for a `done` callback on four-column rows.
    it.each(cases)("%s", async (...row) => {
        const [, values, key, message, secretKeys] = row;
        const { error, registered } = await attempt(values, secretKeys);
        expect(error).toBeInstanceOf(ConfigValidationError);
        const issues = (error as ConfigValidationError).issues;
        const issue = issues.find((i) => i.key === key);
        if (!issue) throw new Error(`no issue for ${key}; got ${JSON.stringify(issues)}`);
        expect(issue.message).toMatch(message);
        expect((error as Error).message).toContain(`oxygen-webauthor-ha:${key}: `);
        expect(registered).toEqual([]);
    });

    it("never prints a secret value in its message", async () => {
        const { error } = await attempt({ ...base, redundancyLicenseKey: SECRETS.productionLicenseKey }, []);
        const text = String((error as Error).message);
        expect(text).toMatch(/plain text/);
        for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    });

    it("accepts the sample configuration (so each case above fails for its own reason)", async () => {
        const { error, registered } = await attempt(base);
        expect(error).toBeUndefined();
        expect(registered.length).toBeGreaterThan(0);
    });
});
