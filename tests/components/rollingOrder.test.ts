/**
 * Rolling changes, proven from the registered resources: for config key after config key, the stack program runs under
 * the mocks with the sample value and with a changed one, and every resource whose inputs differ is attributed to its
 * part (an environment's license server or Web Author). Whenever one key changes two parts, the later one in the
 * rolling order (`ROLLING_SEQUENCE`: redundancy's license server, redundancy's Web Author, production's Web Author,
 * production's license server) must wait for the earlier one: a dependency path (the registration requests'
 * `dependencies`) from the later part's restarting resource (Docker container, EC2 instance, ECS service) to the
 * resource that says the earlier one is healthy again: the container itself (`wait` on its health check), the ECS
 * service itself (`waitForSteadyState`), or for an EC2 instance, which EC2 reports running before its Tomcat answers,
 * the instance's readiness gate (a dynamic resource `pulumi up` waits on), which in turn depends on that very
 * instance. And never the reverse.
 */
import { ROLLING_SEQUENCE } from "../../components/contract/rollingOrder";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, SECRETS, sampleValues, TLS_PEM } from "../helpers/sampleConfig";

type Values = Record<string, unknown>;
type Part = "license-server" | "web-author";

/** The rolling order in the test's terms (resource-name parts), and every ordered pair of its steps. */
const STEPS = ROLLING_SEQUENCE.map((step) => ({ role: step.role as string, part: (step.part === "licenseServer" ? "license-server" : "web-author") as Part }));
const ROLLING_PAIRS = STEPS.flatMap((_, earlier) => STEPS.map((__, later) => [earlier, later] as const).filter(([e, l]) => e < l));
const SECRET_KEYS = [...Object.keys(SECRETS), "tlsCertificate"];

interface Run {
    readonly inputs: Map<string, string>;
    readonly dependencies: Map<string, readonly string[]>;
}

async function run(values: Values, aws: boolean): Promise<Run> {
    const { config, secretKeys } = asPulumiConfig(
        values,
        SECRET_KEYS.filter((key) => key in values),
    );
    const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], aws ? AWS_INVOKES : {});
    return {
        inputs: new Map(resources.map((r: RecordedResource) => [r.name, JSON.stringify(unwrapSecrets(r.inputs))])),
        dependencies: new Map(resources.map((r: RecordedResource) => [r.name, r.dependencies])),
    };
}

/** Sets `path` (dot-separated) in a copy of `values`. */
function withValue(values: Values, path: string, value: unknown): Values {
    const [head, ...rest] = path.split(".") as [string, ...string[]];
    if (rest.length === 0) return { ...values, [head]: value };
    return { ...values, [head]: withValue((values[head] as Values | undefined) ?? {}, rest.join("."), value) };
}

function partOf(resourceName: string): { role: string; part: Part } | undefined {
    const match = /^webauthor-(production|redundancy)-(license-server|web-author)(-|$)/.exec(resourceName);
    return match ? { role: match[1]!, part: match[2] as Part } : undefined;
}

/** The resource whose replacement or update restarts the part. */
function restarting(role: string, part: Part, aws: boolean): string {
    if (!aws) return `webauthor-${role}-${part}-container`;
    return part === "license-server" ? `webauthor-${role}-license-server-instance` : `webauthor-${role}-web-author-service`;
}

/** The resource whose creation completes only once the part is healthy again (what the other environment waits on). */
function healthyAgain(role: string, part: Part, aws: boolean): string {
    return aws && part === "license-server" ? `webauthor-${role}-license-server-ready` : restarting(role, part, aws);
}

function hasPath(dependencies: Map<string, readonly string[]>, from: string, to: string): boolean {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
        const name = queue.shift()!;
        if (name === to) return true;
        if (seen.has(name)) continue;
        seen.add(name);
        queue.push(...(dependencies.get(name) ?? []));
    }
    return false;
}

/** Which parts of which environments a change touches, and which other resources. */
function changes(base: Run, changed: Run) {
    const names = new Set([...base.inputs.keys(), ...changed.inputs.keys()]);
    const differing = [...names].filter((name) => base.inputs.get(name) !== changed.inputs.get(name));
    const parts = new Set<string>();
    const others: string[] = [];
    for (const name of differing) {
        const owner = partOf(name);
        if (owner) parts.add(`${owner.role} ${owner.part}`);
        else others.push(name);
    }
    return { parts: [...parts].sort(), others };
}

const DOCKER_KEYS: Array<[string, unknown]> = [
    ["productionLicenseKey", "PROD-KEY-rotated"],
    ["redundancyLicenseKey", "REDUNDANCY-KEY-rotated"],
    ["licenseServerPassword", "rotated-password-1"],
    ["licenseServerAdminPassword", "rotated-admin-1"],
    ["webAuthorAdminPassword", "rotated-wa-admin-1"],
    ["tlsCertificate", TLS_PEM],
    ["licenseServer.user", "editor"],
    ["licenseServer.contextPath", "oxygenLicenseServlet"],
    ["licenseServer.warUrl", "https://downloads.example.com/other.war"],
    ["licenseServer.image", "registry.example.com/license-server:2"],
    ["webAuthor.image", "registry.example.com/web-author:28.1"],
    ["webAuthor.kitUrl", "https://downloads.example.com/web-author-28.1.zip"],
    ["webAuthor.cpus", 3],
    ["webAuthor.memoryMb", 8192],
    ["webAuthor.maxHeapMb", 5000],
    ["webAuthor.startTimeoutSeconds", 900],
    ["webAuthor.dnsCacheTtlSeconds", 30],
    ["production.licenseServerHostPort", 18090],
    ["redundancy.licenseServerHostPort", 18091],
    ["production.licenseServerPublishAddress", "0.0.0.0"],
    ["loadBalancer.image", "haproxy:3.0.12"],
    ["loadBalancer.httpPort", 8081],
    ["loadBalancer.healthCheck.intervalMs", 900],
    ["loadBalancer.adminAllowedSources", ["203.0.113.0/24"]],
    ["loadBalancer.stickyCookieName", "WA_NODE"],
    ["loadBalancer.connectTimeoutMs", 400],
    ["loadBalancer.serverTimeoutSeconds", 90],
    ["loadBalancer.tunnelTimeoutSeconds", 1800],
    ["loadBalancer.production", "drain"],
    ["loadBalancer.metrics.publishAddress", "127.0.0.1"],
];

const AWS_KEYS: Array<[string, unknown]> = [
    ["productionLicenseKey", "PROD-KEY-rotated"],
    ["redundancyLicenseKey", "REDUNDANCY-KEY-rotated"],
    ["licenseServerPassword", "rotated-password-1"],
    ["licenseServerAdminPassword", "rotated-admin-1"],
    ["webAuthorAdminPassword", "rotated-wa-admin-1"],
    ["licenseServer.user", "editor"],
    ["licenseServer.contextPath", "oxygenLicenseServlet"],
    ["licenseServer.warUrl", "https://downloads.example.com/other.war"],
    ["webAuthor.image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-author:28.1"],
    ["webAuthor.kitUrl", "https://downloads.example.com/web-author-28.1.zip"],
    ["webAuthor.cpus", 1],
    ["webAuthor.memoryMb", 8192],
    ["webAuthor.maxHeapMb", 5000],
    ["webAuthor.dnsCacheTtlSeconds", 30],
    ["aws.licenseServer.instanceType", "t3.medium"],
    ["aws.licenseServer.amiId", "ami-0fedcba9876543210"],
    ["aws.licenseServer.readyTimeoutSeconds", 1200],
    ["aws.webAuthor.desiredCount", 2],
    ["aws.webAuthor.logRetentionDays", 90],
    ["aws.targetGroupHealthCheck.intervalSeconds", 10],
    ["aws.failoverHealthCheck.failureThreshold", 2],
    ["aws.stickinessSeconds", 3600],
    ["loadBalancer.adminAllowedSources", ["198.51.100.0/24"]],
    ["loadBalancer.production", "maintenance"],
    ["aws.alarms.emails", ["ops@example.com"]],
];

describe.each([
    ["docker", false, sampleValues, DOCKER_KEYS],
    ["aws", true, awsSampleValues, AWS_KEYS],
] as const)("rolling changes on %s", (_platform, aws, sample, keys) => {
    let base: Run;
    beforeAll(async () => {
        base = await run(sample(), aws);
    });

    it.each(keys)("%s: changes something, and no two parts without the later one in the rolling order waiting for the earlier", async (key, value) => {
        const changed = await run(withValue(sample(), key, value), aws);
        const { parts, others } = changes(base, changed);
        expect(parts.length + others.length).toBeGreaterThan(0);
        for (const [earlier, later] of ROLLING_PAIRS) {
            const [e, l] = [STEPS[earlier], STEPS[later]];
            if (parts.includes(`${e.role} ${e.part}`) && parts.includes(`${l.role} ${l.part}`)) {
                const waits = hasPath(changed.dependencies, restarting(l.role, l.part, aws), healthyAgain(e.role, e.part, aws));
                const signalWatchesEarlier = hasPath(changed.dependencies, healthyAgain(e.role, e.part, aws), restarting(e.role, e.part, aws));
                expect([key, `${l.role} ${l.part} after ${e.role} ${e.part}`, waits, signalWatchesEarlier]).toEqual([
                    key,
                    `${l.role} ${l.part} after ${e.role} ${e.part}`,
                    true,
                    true,
                ]);
            }
            // Never the other way round, whatever the key changes.
            expect([
                key,
                `${e.role} ${e.part} waits for ${l.role} ${l.part}`,
                hasPath(changed.dependencies, restarting(e.role, e.part, aws), restarting(l.role, l.part, aws)),
            ]).toEqual([key, `${e.role} ${e.part} waits for ${l.role} ${l.part}`, false]);
        }
        if (process.env.ROLLING_TABLE) console.log(`${key}\t${parts.join(", ") || "-"}\t${others.join(", ")}`);
    });
});

describe("image tags on Docker", () => {
    const tagOf = async (values: Values, image: string) => {
        const { config, secretKeys } = asPulumiConfig(
            values,
            SECRET_KEYS.filter((key) => key in values),
        );
        const { resources } = await runProgram(() => deployStack(), config, secretKeys);
        return resources.find((r) => r.name === image)!.inputs.name as string;
    };

    it.each([
        ["webAuthor.kitUrl", "https://downloads.example.com/web-author-28.1.zip", "webauthor-production-web-author-image"],
        ["licenseServer.warUrl", "https://downloads.example.com/other.war", "webauthor-production-license-server-image"],
        ["licenseServer.contextPath", "oxygenLicenseServlet", "webauthor-redundancy-license-server-image"],
    ])("name their content, build arguments included: %s gives another tag", async (key, value, image) => {
        const before = await tagOf(sampleValues(), image);
        const after = await tagOf(withValue(sampleValues(), key, value), image);
        expect(before).toMatch(/^oxygen-webauthor-ha\/(web-author|license-server):[0-9a-f]{16}$/);
        expect(after).not.toBe(before);
    });
});
