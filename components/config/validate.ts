import { dockerHostKey, defaultLicenseServerHostPort, licenseServerPublishAddress, ROLES } from "./placement";
import { ConfigIssue, ConfigValidationError } from "./configError";
import { isIpv4 } from "./formats";
import { DeploymentConfig, deploymentConfigSchema, SECRET_KEYS } from "./schema";
import { unusedKeyIssues } from "./unusedKeys";
import { awsIssues } from "./validateAws";
import { webAuthorPublishIssues } from "./validateWebAuthorPublish";
import { issuesFromZod } from "./zodIssues";

/** The raw stack configuration: top-level keys without the namespace, and which of them Pulumi stores as secrets. */
export interface RawStackConfig {
    readonly values: Readonly<Record<string, unknown>>;
    /** Top-level keys set with `pulumi config set --secret` (Pulumi knows them: `PULUMI_CONFIG_SECRET_KEYS`). */
    readonly secretKeys: ReadonlySet<string>;
}

/**
 * Longest time we accept for the load balancer to notice a dead production (interval × fall), in ms.
 * @internal
 */
export const MAX_FAILOVER_DETECTION_MS = 5 * 60 * 1000;

/** Secrets must come from `secure:` values, never plain text in a stack file. */
function plaintextSecretIssues(raw: RawStackConfig): ConfigIssue[] {
    return SECRET_KEYS.filter((key) => raw.values[key] !== undefined && !raw.secretKeys.has(key)).map((key) => ({
        key,
        message: `is stored in plain text; store it encrypted with \`pulumi config set --secret ${key}\``,
    }));
}

/**
 * A license key as pasted, without what copying between systems changes: line endings (CRLF, CR, LF) and white space
 * at the ends of lines and of the key. Two keys equal after this are the same key.
 * @internal
 */
export function normalisedKey(key: string): string {
    return key
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .join("\n")
        .trim();
}

function licenseIssues(config: DeploymentConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (normalisedKey(config.productionLicenseKey.reveal()) === normalisedKey(config.redundancyLicenseKey.reveal())) {
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
            issues.push({
                key: "redundancy.licenseServerUrl",
                message: "is the same as production.licenseServerUrl; main and backup must be different servers",
            });
        }
    } else {
        // `container` and `ec2`: this component runs the license servers, so it needs the WAR and the admin password.
        // (Which platform offers which mode is the schema's: each platform's block lists its own.)
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
            issues.push({
                key: "licenseServerAdminPassword",
                message: `is required when licenseServer.mode is \`${ls.mode}\` (the license servers' own admin page)`,
            });
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
        issues.push({
            key: "webAuthor.maxHeapMb",
            message: `must be less than webAuthor.memoryMb (${wa.memoryMb} MiB) to leave room for the JVM's own memory`,
        });
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
    }
    issues.push(...publishAddressIssues(config));
    const [prodAddress, redAddress] = ROLES.map((role) => config[role].address);
    if (prodAddress !== undefined && prodAddress === redAddress && hostsOf[0] !== hostsOf[1]) {
        issues.push({ key: "redundancy.address", message: "is the same as production.address, but the two environments run on different Docker hosts" });
    }
    return issues;
}

/**
 * Where a container-mode license server's page is published. When a Web Author on another Docker host uses it (at
 * `address` and the published port), it must listen there: on `0.0.0.0`, or on the address `address` names.
 * `licenseServer.publishAddress` (one value for both) only fits when both servers share a host, or is `0.0.0.0`.
 */
function publishAddressIssues(config: DeploymentConfig): ConfigIssue[] {
    if (config.licenseServer.mode !== "container") return [];
    const issues: ConfigIssue[] = [];
    const legacy = config.licenseServer.publishAddress;
    const hostsOf = ROLES.map((role) => dockerHostKey(config[role].dockerHost));
    if (legacy !== undefined && ROLES.every((role) => config[role].licenseServerPublishAddress !== undefined)) {
        issues.push({
            key: "licenseServer.publishAddress",
            message: "is set, but production and redundancy set their own licenseServerPublishAddress; remove it",
        });
    } else if (legacy !== undefined && legacy !== "0.0.0.0" && hostsOf[0] !== hostsOf[1]) {
        issues.push({
            key: "licenseServer.publishAddress",
            message:
                "is one address for two Docker hosts, and no host has the other's address: move it to production.licenseServerPublishAddress and redundancy.licenseServerPublishAddress, each that host's own address (or 0.0.0.0)",
        });
        return issues;
    }
    ROLES.forEach((role, index) => {
        const usedFromElsewhere = hostsOf.some((other) => other !== hostsOf[index]);
        const bound = licenseServerPublishAddress(config, role);
        const key =
            config[role].licenseServerPublishAddress !== undefined || legacy === undefined
                ? `${role}.licenseServerPublishAddress`
                : "licenseServer.publishAddress";
        const address = config[role].address;
        if (!usedFromElsewhere || bound === "0.0.0.0") return;
        if (bound.startsWith("127.")) {
            issues.push({
                key,
                message: `is ${bound}, but a Web Author on another Docker host must reach ${role}'s license server; use this host's address (${role}.address) or 0.0.0.0`,
            });
        } else if (address !== undefined && isIpv4(address) && address !== bound) {
            issues.push({
                key,
                message: `is ${bound}, but the other Docker hosts reach ${role}'s host at ${role}.address (${address}); publish on that address or on 0.0.0.0`,
            });
        }
    });
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
        throw new ConfigValidationError(namespace, [...secretIssues, ...issuesFromZod(parsed.error, raw.values)]);
    }
    const config = parsed.data;
    const platformIssues = config.platform === "docker" ? [...portIssues(config), ...placementIssues(config), ...webAuthorPublishIssues(config)] : [];
    const issues = [
        ...secretIssues,
        ...licenseIssues(config),
        ...sizingAndTimingIssues(config),
        ...platformIssues,
        ...unusedKeyIssues(raw.values, config),
        ...(config.platform === "aws" ? awsIssues(config) : []),
    ];
    // The same message for the same key twice (e.g. publishAddress from both roles) helps nobody.
    const unique = issues.filter((issue, i) => issues.findIndex((o) => o.key === issue.key && o.message === issue.message) === i);
    if (unique.length > 0) {
        throw new ConfigValidationError(namespace, unique);
    }
    return config;
}
