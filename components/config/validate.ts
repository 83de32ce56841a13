import type { z } from "zod";
import { dockerHostKey, defaultLicenseServerHostPort, ROLES } from "../contract/topology";
import { ConfigIssue, ConfigValidationError } from "./configError";
import { DeploymentConfig, deploymentConfigSchema, SECRET_KEYS } from "./schema";
import { awsIssues } from "./validateAws";
import { webAuthorPublishIssues } from "./validateWebAuthorPublish";

/** The raw stack configuration: top-level keys without the namespace, and which of them Pulumi stores as secrets. */
export interface RawStackConfig {
    readonly values: Readonly<Record<string, unknown>>;
    /** Top-level keys set with `pulumi config set --secret` (Pulumi knows them: `PULUMI_CONFIG_SECRET_KEYS`). */
    readonly secretKeys: ReadonlySet<string>;
}

/** Longest time we accept for the load balancer to notice a dead production (interval × fall), in ms. */
export const MAX_FAILOVER_DETECTION_MS = 5 * 60 * 1000;

/** Zod's path as the user types it with `pulumi config set --path`: `a.b[0].c`. */
function keyOf(path: ReadonlyArray<PropertyKey>): string {
    return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

function issuesFromZod(error: z.ZodError): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                issues.push({ key: keyOf([...issue.path, key]), message: "unknown field (is it a typo?)" });
            }
        } else if (issue.code === "invalid_type" && issue.input === undefined) {
            issues.push({ key: keyOf(issue.path), message: "is required but not set" });
        } else {
            issues.push({ key: keyOf(issue.path), message: issue.message });
        }
    }
    return issues;
}

/** Secrets must come from `secure:` values, never plain text in a stack file. */
function plaintextSecretIssues(raw: RawStackConfig): ConfigIssue[] {
    return SECRET_KEYS.filter((key) => raw.values[key] !== undefined && !raw.secretKeys.has(key)).map((key) => ({
        key,
        message: `is stored in plain text; store it encrypted with \`pulumi config set --secret ${key}\``,
    }));
}

function licenseIssues(config: DeploymentConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (config.productionLicenseKey.reveal().trim() === config.redundancyLicenseKey.reveal().trim()) {
        issues.push({
            key: "redundancyLicenseKey",
            message: "is the same as productionLicenseKey; the redundancy license server needs the separate redundancy key",
        });
    }
    const ls = config.licenseServer;
    if (ls.mode === "external") {
        for (const role of ROLES) {
            if (config[role].licenseServerUrl === undefined) {
                issues.push({ key: `${role}.licenseServerUrl`, message: "is required when licenseServer.mode is `external`" });
            }
        }
        const [prod, red] = [config.production.licenseServerUrl, config.redundancy.licenseServerUrl];
        if (prod !== undefined && prod === red) {
            issues.push({ key: "redundancy.licenseServerUrl", message: "is the same as production.licenseServerUrl; main and backup must be different servers" });
        }
    } else {
        // `container` and `ec2`: this component runs the license servers, so it needs the WAR and the admin password.
        if (ls.mode === "ec2" && config.platform !== "aws") {
            issues.push({ key: "licenseServer.mode", message: "is `ec2`, which only the aws platform offers; use `container` (local trial) or `external`" });
        }
        if (ls.warUrl === undefined && (ls.mode === "ec2" || ls.image === undefined)) {
            issues.push({
                key: "licenseServer.warUrl",
                message:
                    ls.mode === "ec2"
                        ? "is required when licenseServer.mode is `ec2`: the instances download the license servlet WAR at boot"
                        : "is required when licenseServer.mode is `container` (or set licenseServer.image)",
            });
        }
        if (config.licenseServerAdminPassword === undefined) {
            issues.push({ key: "licenseServerAdminPassword", message: `is required when licenseServer.mode is \`${ls.mode}\` (the license servers' own admin page)` });
        }
        for (const role of ROLES) {
            if (config[role].licenseServerUrl !== undefined) {
                issues.push({ key: `${role}.licenseServerUrl`, message: "is only used when licenseServer.mode is `external`" });
            }
        }
    }
    return issues;
}

function sizingAndTimingIssues(config: DeploymentConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const wa = config.webAuthor;
    if (wa.maxHeapMb >= wa.memoryMb) {
        issues.push({ key: "webAuthor.maxHeapMb", message: `must be less than webAuthor.memoryMb (${wa.memoryMb} MiB) to leave room for the JVM's own memory` });
    }
    const hc = config.loadBalancer.healthCheck;
    if (hc.timeoutMs > hc.intervalMs) {
        issues.push({ key: "loadBalancer.healthCheck.timeoutMs", message: `must not exceed loadBalancer.healthCheck.intervalMs (${hc.intervalMs} ms)` });
    }
    if (hc.intervalMs * hc.fall > MAX_FAILOVER_DETECTION_MS) {
        issues.push({
            key: "loadBalancer.healthCheck",
            message: `intervalMs × fall = ${hc.intervalMs * hc.fall} ms: a dead production would be noticed only after more than ${MAX_FAILOVER_DETECTION_MS / 1000} s, so users would practically never fail over`,
        });
    }
    if (config.loadBalancer.stickyCookieName.toUpperCase() === "JSESSIONID") {
        issues.push({ key: "loadBalancer.stickyCookieName", message: "must not be JSESSIONID, Web Author's own session cookie" });
    }
    return issues;
}

/** Every published host port, per Docker host, must be used once. */
function portIssues(config: DeploymentConfig): ConfigIssue[] {
    const byHost = new Map<string, Array<{ key: string; port: number }>>();
    const claim = (dockerHost: string | undefined, key: string, port: number | undefined) => {
        if (port === undefined) return;
        const hostKey = dockerHostKey(dockerHost);
        byHost.set(hostKey, [...(byHost.get(hostKey) ?? []), { key, port }]);
    };
    const lb = config.loadBalancer;
    claim(lb.dockerHost, "loadBalancer.httpPort", lb.httpPort);
    if (config.tlsCertificate !== undefined) claim(lb.dockerHost, "loadBalancer.httpsPort", lb.httpsPort);
    for (const role of ROLES) {
        const env = config[role];
        if (config.licenseServer.mode === "container") {
            claim(env.dockerHost, `${role}.licenseServerHostPort`, env.licenseServerHostPort ?? defaultLicenseServerHostPort(role));
        }
        claim(env.dockerHost, `${role}.webAuthorHostPort`, env.webAuthorHostPort);
    }
    const issues: ConfigIssue[] = [];
    for (const [hostKey, claims] of byHost) {
        claims.forEach((claim, index) => {
            const earlier = claims.slice(0, index).find((other) => other.port === claim.port);
            if (earlier) {
                issues.push({ key: claim.key, message: `uses host port ${claim.port}, already taken by ${earlier.key} on Docker host ${hostKey}` });
            }
        });
    }
    return issues;
}

/** Cross-host wiring needs addresses and published ports; same-host wiring uses the Docker network's DNS. */
function placementIssues(config: DeploymentConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const lbHost = dockerHostKey(config.loadBalancer.dockerHost);
    const hostsOf = ROLES.map((role) => dockerHostKey(config[role].dockerHost));
    for (const role of ROLES) {
        const env = config[role];
        const host = dockerHostKey(env.dockerHost);
        const reachedFromElsewhere = host !== lbHost || hostsOf.some((other) => other !== host);
        if (reachedFromElsewhere && env.address === undefined) {
            issues.push({ key: `${role}.address`, message: "is required because other parts of the deployment run on another Docker host" });
        }
        if (host !== lbHost && env.webAuthorHostPort === undefined) {
            issues.push({ key: `${role}.webAuthorHostPort`, message: "is required because the load balancer runs on another Docker host" });
        }
        const licenseServerUsedFromElsewhere = config.licenseServer.mode === "container" && hostsOf.some((other) => other !== host);
        if (licenseServerUsedFromElsewhere && config.licenseServer.publishAddress === "127.0.0.1") {
            issues.push({
                key: "licenseServer.publishAddress",
                message: "is 127.0.0.1, but a Web Author on another Docker host must reach this license server; use the host's private address",
            });
        }
    }
    return issues;
}

/**
 * Validates the raw stack configuration and returns the typed, defaulted config. Throws a
 * {@link ConfigValidationError} naming every bad key. Registers nothing: call it before the first resource.
 * @param namespace the Pulumi config namespace, used only in error messages. Default: `oxygen-webauthor-ha`.
 */
export function parseDeploymentConfig(raw: RawStackConfig, namespace = "oxygen-webauthor-ha"): DeploymentConfig {
    const secretIssues = plaintextSecretIssues(raw);
    const parsed = deploymentConfigSchema.safeParse(raw.values);
    if (!parsed.success) {
        throw new ConfigValidationError(namespace, [...secretIssues, ...issuesFromZod(parsed.error)]);
    }
    const config = parsed.data;
    const platformIssues = config.platform === "docker" ? [...portIssues(config), ...placementIssues(config), ...webAuthorPublishIssues(config)] : [];
    const issues = [...secretIssues, ...licenseIssues(config), ...sizingAndTimingIssues(config), ...platformIssues, ...awsIssues(config)];
    // The same message for the same key twice (e.g. publishAddress from both roles) helps nobody.
    const unique = issues.filter((issue, i) => issues.findIndex((o) => o.key === issue.key && o.message === issue.message) === i);
    if (unique.length > 0) {
        throw new ConfigValidationError(namespace, unique);
    }
    return config;
}
