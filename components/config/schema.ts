import { z } from "zod";
import { awsBlockSchema } from "./awsSchema";
import { bindAddress, cidr, hostAddress, httpUrl, imageReference, isWritableText, licenseServletUrl } from "./formats";
import { pemBundleProblem } from "./pemBundle";
import { SecretValue } from "./secretValue";

/**
 * The one schema for the whole deployment configuration. Every field's JSDoc states its default, its unit and the
 * vendor topic it comes from; `z.output<typeof deploymentConfigSchema>` ({@link DeploymentConfig}) carries the
 * comments to the components. Cross-field rules (same key twice, port clashes, failover that never happens) live
 * in `validate.ts`, next to the secret-storage check that needs Pulumi's list of secret keys.
 */

/**
 * The vendor's all-platforms Web Author kit, as used by github.com/oxygenxml/web-author-docker (base/Dockerfile).
 * @internal
 */
export const DEFAULT_WEB_AUTHOR_KIT_URL = "https://www.oxygenxml.com/InstData/WebAuthor/All/oxygenxml-web-author-all-platforms.zip";

/**
 * Official HAProxy image, pinned: a tag that moves would change the load balancer under an unchanged config.
 * @internal
 */
export const DEFAULT_HAPROXY_IMAGE = "haproxy:3.0.11";

const port = z
    .number({ error: "must be a port number (an integer from 1 to 65535)" })
    .int("must be an integer port number")
    .min(1, "must be a port number from 1 to 65535")
    .max(65535, "must be a port number from 1 to 65535");

const positiveInt = (unit: string) =>
    z
        .number({ error: `must be a positive integer (${unit})` })
        .int(`must be a whole number of ${unit}`)
        .positive(`must be greater than zero (${unit})`);

/**
 * HAProxy stores every timeout in milliseconds in a signed 32-bit integer; a larger value fails `haproxy -c` with
 * "timer overflow" (about 24.8 days).
 * @see https://docs.haproxy.org/2.6/configuration.html#2.5
 * @internal
 */
export const HAPROXY_MAX_TIMEOUT_MS = 2147483647;

/** A HAProxy timeout: a positive whole number of `unit`s whose milliseconds HAProxy can hold. */
const haproxyTimeout = (unit: "milliseconds" | "seconds") => {
    const max = unit === "milliseconds" ? HAPROXY_MAX_TIMEOUT_MS : Math.floor(HAPROXY_MAX_TIMEOUT_MS / 1000);
    return positiveInt(unit).max(max, `must be at most ${max} (${unit}; HAProxy's timer limit, about 24.8 days)`);
};

const DOCKER_HOST_PATTERN = /^(unix|tcp|ssh|npipe):\/\/\S+$/;
const dockerHost = z
    .string({ error: "must be a Docker daemon address (text)" })
    .regex(DOCKER_HOST_PATTERN, {
        message: "must be a Docker daemon address such as unix:///var/run/docker.sock, tcp://10.0.0.5:2376 or ssh://user@host",
        abort: true,
    })
    .refine(
        (value) => !/^[a-z]+:\/\/[^/@]*:[^/@]*@/.test(value),
        "must not contain a password (user:password@); ssh:// connects with your SSH keys or agent, tcp:// with TLS certificates",
    );

/**
 * A secret config value: non-blank, wrapped in {@link SecretValue} so it cannot be printed by accident. Whether it
 * was stored with `pulumi config set --secret` is checked in `validate.ts`, which knows Pulumi's secret keys.
 */
const secretText = z.string({ error: "must be text (set it with `pulumi config set --secret`)" }).refine((value) => value.trim().length > 0, {
    message: "must not be empty",
    abort: true,
});
const toSecret = (value: string) => new SecretValue(value);

/**
 * A password: it reaches `license.properties`, `tomcat-users.xml`, shell variables and secret files, so it must be
 * text every one of them carries unchanged (no control characters such as line breaks or tabs).
 */
const password = secretText
    .refine(
        isWritableText,
        "contains a control character (such as a line break or tab) or an unpaired surrogate, which license.properties and tomcat-users.xml cannot carry unchanged; if you piped it from a file, remove the trailing line break",
    )
    .transform(toSecret);

/** A license key: free text pasted into the license server's page, so line breaks are part of it. */
const licenseKey = secretText.transform(toSecret);

/** A TLS bundle for HAProxy's `crt`, checked as HAProxy would load it (see {@link pemBundleProblem}). */
const pemBundle = secretText
    .superRefine((value, ctx) => {
        const problem = pemBundleProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(toSecret);

/** One environment's placement (production or redundancy). */
export const environmentSchema = z.strictObject({
    /**
     * Docker daemon that runs this environment's containers, e.g. `ssh://deploy@prod-host`.
     * Default: the local engine (`DOCKER_HOST` or `unix:///var/run/docker.sock`). Ignored on AWS.
     */
    dockerHost: dockerHost.optional(),
    /**
     * Host name or IP at which the other Docker hosts reach this host's published ports. Required only when the
     * environments or the load balancer run on different Docker hosts. Default: none (same-host DNS is used).
     */
    address: hostAddress.optional(),
    /**
     * Host interface this environment's `container`-mode license server page is published on, for the one-time key
     * activation: an IPv4 address this Docker host has, `127.0.0.1` (reachable from the host only, e.g. through an
     * SSH tunnel) or `0.0.0.0` (every interface). When a Web Author on another Docker host uses this license server,
     * it must be reachable at `address`: `0.0.0.0`, or the very address `address` names.
     * Default: `licenseServer.publishAddress` if set (deprecated), else `127.0.0.1`.
     */
    licenseServerPublishAddress: bindAddress.optional(),
    /**
     * URL of this environment's existing HTTP License Server, when `licenseServer.mode` is `external`, e.g.
     * `http://ls-prod.example.com:8080/oXygenLicenseServlet/license-servlet`. Default: none.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/webapp_licensing.html
     */
    licenseServerUrl: licenseServletUrl.optional(),
    /**
     * Host port (TCP) on which a `container`-mode license server's own page is published, for the one-time key
     * activation. Default: 18080 for production, 18081 for redundancy.
     */
    licenseServerHostPort: port.optional(),
    /**
     * Host port (TCP) on which this environment's Web Author is published directly (bypassing the load balancer, its
     * Admin guard and its TLS), bound to `webAuthorPublishAddress`. Required when the load balancer runs on another
     * Docker host, rejected when it shares this one. Default: not published.
     */
    webAuthorHostPort: port.optional(),
    /**
     * Host interface (IPv4) that `webAuthorHostPort` binds to: the address the load balancer's host reaches this host
     * at, e.g. its private address. Required with `webAuthorHostPort`; there is no default, so a Web Author is never
     * published on every interface unless you write `0.0.0.0`.
     */
    webAuthorPublishAddress: bindAddress.optional(),
});

/** Each platform's license-server modes; the first is its default. */
export const LICENSE_SERVER_MODES = { docker: ["container", "external"], aws: ["ec2", "external"] } as const;
export type LicenseServerMode = (typeof LICENSE_SERVER_MODES)[keyof typeof LICENSE_SERVER_MODES][number];

/** What a mode that another platform offers is called out as (the same words whichever platform the user is on). */
const OTHER_PLATFORMS_MODE: Record<string, string> = {
    ec2: "is `ec2`, which only the aws platform offers; use `container` (local trial) or `external`",
    container: "is `container`, which only the docker platform offers; use `ec2` (the default on AWS) or `external`",
};

/** A platform's license-server mode: one of its own modes, defaulting to the first. */
function licenseServerMode<const Modes extends readonly [string, ...string[]]>(modes: Modes) {
    return z
        .enum(modes, {
            error: (issue) => (typeof issue.input === "string" && OTHER_PLATFORMS_MODE[issue.input]) || "must be `container`, `external` or `ec2`",
        })
        .default(modes[0] as never);
}

/** How both Web Authors reach the license servers, and how container-mode license servers are built. */
const licenseServerShape = {
    /**
     * `external`: each environment names an existing license server (VM or host), the production way.
     * `ec2` (AWS only): one EC2 instance per environment with Tomcat 9 and the license servlet WAR.
     * `container` (Docker only): a Tomcat 9 container with the license servlet WAR, for a local trial only; the
     * vendor does not support license servers in containers.
     * Default: `container` on Docker, `ec2` on AWS.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/floating-license-servlet-setup.html
     */
    mode: licenseServerMode(LICENSE_SERVER_MODES.docker),
    /**
     * User (Tomcat role `user`) that Web Author connects as: `licensing.server.user` and
     * `backup.licensing.server.user`. Default: `webauthor`.
     */
    user: z
        .string({ error: "must be a user name (text)" })
        .regex(/^[A-Za-z0-9._@-]+$/, { message: "must be a non-empty user name of letters, digits, . _ @ -", abort: true })
        .refine((value) => value !== "admin", "must not be `admin`: that is the license servers' own administrator (licenseServerAdminPassword)")
        .default("webauthor"),
    /**
     * Context path of the license servlet. Case-sensitive: the license-server guide writes `oXygenLicenseServlet`,
     * one Web Author example `oxygenLicenseServlet`. Default: `oXygenLicenseServlet`.
     */
    contextPath: z
        .string({ error: "must be a path segment (text)" })
        .regex(/^[A-Za-z0-9._-]+$/, { message: "must be a single path segment such as oXygenLicenseServlet", abort: true })
        .refine((value) => value !== "." && value !== "..", "must name a context, not `.` or `..`")
        .default("oXygenLicenseServlet"),
    /**
     * Download URL of the license servlet WAR (`container` mode: built into the image; `ec2` mode: installed at boot). The vendor publishes it on
     * its license-server download page; no stable URL is documented, so there is no default.
     */
    warUrl: httpUrl.optional(),
    /** An image of your own for `container` mode, instead of building `docker/license-server`. Default: build it. */
    image: imageReference.optional(),
    /**
     * Deprecated: one host interface for both license servers' published pages. Use
     * `production.licenseServerPublishAddress` and `redundancy.licenseServerPublishAddress`, one per Docker host.
     * Still accepted when both license servers share a Docker host, or when it is `0.0.0.0` (every host has it).
     * Default: none (each environment's own setting, else `127.0.0.1`).
     */
    publishAddress: bindAddress.optional(),
};

/** The license-server block on Docker: `container` (default) or `external`. */
export const dockerLicenseServerSchema = z.strictObject(licenseServerShape);
/** The license-server block on AWS: `ec2` (default) or `external`. */
export const awsLicenseServerSchema = z.strictObject({ ...licenseServerShape, mode: licenseServerMode(LICENSE_SERVER_MODES.aws) });

/** Web Author image and sizing, the same for both environments. */
export const webAuthorSchema = z.strictObject({
    /** An image of your own instead of building `docker/web-author`. It must honour the same entrypoint inputs. Default: build it. */
    image: imageReference.optional(),
    /** The all-platforms kit the image is built from. Default: the vendor's URL {@link DEFAULT_WEB_AUTHOR_KIT_URL}. */
    kitUrl: httpUrl.default(DEFAULT_WEB_AUTHOR_KIT_URL),
    /** CPU cores per Web Author. Default: 2 (vendor minimum; one core serves about 50 to 100 active users). */
    cpus: z.number({ error: "must be a number of CPU cores" }).positive("must be greater than zero (CPU cores)").default(2),
    /** Memory limit per Web Author, in MiB. Default: 6144 (vendor recommendation; minimum 4096). */
    memoryMb: positiveInt("MiB").default(6144),
    /** Java heap (`-Xmx`, via `CATALINA_OPTS`), in MiB; must be below `memoryMb`. Default: 4096. */
    maxHeapMb: positiveInt("MiB").default(4096),
    /**
     * Seconds `pulumi up` waits for the container health check (`rest-public/status` answering 200) before it
     * fails. Tomcat plus Web Author take minutes on a cold start. Default: 600.
     */
    startTimeoutSeconds: positiveInt("seconds").default(600),
    /**
     * `networkaddress.cache.ttl` written to `java.security`, in seconds, so a replaced license server's new IP is
     * picked up. Default: 60 (the vendor's fix).
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/Web-Author-caches-the-IP-of-the-License-Server-indefinitely.html
     */
    dnsCacheTtlSeconds: z
        .number({ error: "must be a whole number of seconds" })
        .int("must be a whole number of seconds")
        .min(0, 'must not be negative (seconds; Java reads -1 as "cache forever")')
        .max(2147483647, "must be at most 2147483647 (seconds; Java reads the value as a 32-bit integer)")
        .default(60),
});

/** Active health checks from the load balancer to each Web Author. */
export const healthCheckSchema = z.strictObject({
    /** Time between checks, in milliseconds. Default: 1000. */
    intervalMs: positiveInt("milliseconds").default(1000),
    /**
     * Time a check may take before it counts as failed, in milliseconds; at most `intervalMs`. Default: 800, so
     * that with the other defaults a frozen production is marked down within 2.85 s.
     */
    timeoutMs: positiveInt("milliseconds").default(800),
    /** Consecutive failed checks that mark a Web Author down. Default: 2. */
    fall: positiveInt("checks").default(2),
    /** Consecutive passed checks that mark it up again. Default: 2. */
    rise: positiveInt("checks").default(2),
});

/** The values of `loadBalancer.production` (planned switchover, contract/switchover.ts). */
export const PRODUCTION_STATES = ["ready", "drain", "maintenance"] as const;

/** The failover load balancer (HAProxy on Docker). */
export const loadBalancerSchema = z.strictObject({
    /** Docker daemon for the load balancer. Default: the local engine. On production's host it shares production's fate. */
    dockerHost: dockerHost.optional(),
    /** HAProxy image. Default: {@link DEFAULT_HAPROXY_IMAGE} (pinned). Docker only. */
    image: imageReference.default(DEFAULT_HAPROXY_IMAGE),
    /** Public HTTP port on the host. Default: 80. With TLS on, it only redirects to HTTPS. */
    httpPort: port.default(80),
    /** Public HTTPS port on the host, used when `tlsCertificate` is set. Default: 443. */
    httpsPort: port.default(443),
    /** Health checks of the Web Authors. */
    healthCheck: healthCheckSchema.default(healthCheckSchema.parse({})),
    /**
     * Source CIDRs allowed to open the Web Author Admin page (`/app/admin.html`) through the public port.
     * Default: none (the page answers 403 through the load balancer).
     */
    adminAllowedSources: z.array(cidr).default([]),
    /**
     * Name of the load balancer's stickiness cookie. Must differ from Web Author's `JSESSIONID`, which the
     * balancer never rewrites. Default: `WA_SERVER`.
     */
    stickyCookieName: z
        .string({ error: "must be a cookie name (text)" })
        .regex(/^[A-Za-z0-9_-]+$/, "must be a cookie name of letters, digits, _ and -")
        .default("WA_SERVER"),
    /**
     * Connect timeout to a Web Author, in milliseconds; it also bounds the pause before a retry after a refused
     * connection, hence the failover time of a killed production. Default: 500.
     */
    connectTimeoutMs: haproxyTimeout("milliseconds").default(500),
    /** Longest wait for a Web Author's response to an ordinary request, in seconds. Default: 60. */
    serverTimeoutSeconds: haproxyTimeout("seconds").default(60),
    /** Idle time after which an open WebSocket (editing session) is closed, in seconds. Default: 3600. */
    tunnelTimeoutSeconds: haproxyTimeout("seconds").default(3600),
    /**
     * Planned switchover (contract/switchover.ts). `ready`: production takes users, redundancy only while production
     * is down. `drain`: new sessions go to redundancy, sessions already on production stay there until they end.
     * `maintenance`: nothing goes to production. Back to `ready`: new sessions go to production, sessions that moved
     * stay on redundancy. While production is drained or in maintenance and redundancy fails, users get production
     * rather than the 503 page. On AWS `drain` and `maintenance` both force the Route 53 failover (DNS cannot drain
     * sessions). Default: `ready`.
     */
    /**
     * HAProxy's Prometheus exporter (`/metrics`) and read-only stats page (`/stats`) on container port 8404, reachable
     * inside the load balancer's Docker network at `<load balancer container>:8404`. Published on the Docker host only
     * if `publishAddress` is set (e.g. `127.0.0.1`, or the host's private address for a Prometheus elsewhere), on
     * `hostPort`. Default: not published. Docker only.
     */
    metrics: z
        .strictObject({
            /** Host interface (IPv4) the metrics port is published on. Default: not published. */
            publishAddress: bindAddress.optional(),
            /** Host port (TCP) it is published on. Default: 8404. */
            hostPort: port.default(8404),
        })
        .default({ hostPort: 8404 }),
    production: z
        .enum(PRODUCTION_STATES, {
            error: "must be `ready` (production takes users), `drain` (new sessions to redundancy, open ones stay) or `maintenance` (nothing to production)",
        })
        .default("ready"),
});

/** The fields both platforms share (keys, passwords, Web Author sizing, placement and load-balancer settings). */
const commonShape = {
    /**
     * Production license key; goes only to the production license server. Secret.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/Redundancy-Deployment-for-Web-Author.html
     */
    productionLicenseKey: licenseKey,
    /**
     * The special redundancy license key; goes only to the redundancy license server; must differ from the production
     * key (compared ignoring line endings and white space at the ends of lines). Secret.
     */
    redundancyLicenseKey: licenseKey,
    /** Password of `licenseServer.user` on both license servers (Web Author's `licensing.server.password`). Secret. */
    licenseServerPassword: password,
    /** Password of the license servers' `admin` user (their own admin page); `container` and `ec2` modes. Secret. */
    licenseServerAdminPassword: password.optional(),
    /** Initial Web Author admin setup password (`OXYGEN_ADMIN_SETUP_PASSWORD`, 27.0+). Secret. */
    webAuthorAdminPassword: password,
    /**
     * PEM bundle (server certificate first, then its chain, then its unencrypted private key) for TLS on the load
     * balancer: the content, not a file path. Secret. Docker only (AWS: `aws.certificateArn`). Default: none (HTTP only).
     * @see https://docs.haproxy.org/2.6/configuration.html#5.1-crt
     */
    tlsCertificate: pemBundle.optional(),
    webAuthor: webAuthorSchema.default(webAuthorSchema.parse({})),
    production: environmentSchema.default({}),
    redundancy: environmentSchema.default({}),
    loadBalancer: loadBalancerSchema.default(loadBalancerSchema.parse({})),
};

/** `platform: docker`: one or more Docker hosts, HAProxy in front; license servers `container` (trial) or `external`. */
export const dockerConfigSchema = z.strictObject({
    /** Where everything runs: `docker` (one or more Docker hosts) or `aws` (EC2, ECS Fargate, ALB, Route 53). Default: `docker`. */
    platform: z.literal("docker"),
    ...commonShape,
    licenseServer: dockerLicenseServerSchema.default(dockerLicenseServerSchema.parse({})),
    /** AWS platform settings; rejected on Docker. */
    aws: z.never({ error: "is only used when platform is `aws`" }).optional(),
});

/** `platform: aws`: EC2 license servers (or `external`), ECS Fargate Web Authors behind ALBs, Route 53 failover. */
export const awsConfigSchema = z.strictObject({
    platform: z.literal("aws"),
    ...commonShape,
    licenseServer: awsLicenseServerSchema.default(awsLicenseServerSchema.parse({})),
    /** AWS platform settings; required when `platform` is `aws`. */
    aws: awsBlockSchema,
});

/** `platform` may be left out: it then means `docker`. */
function withDefaultPlatform(raw: unknown): unknown {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw) || "platform" in raw) return raw;
    return { ...raw, platform: "docker" };
}

/**
 * The whole configuration: a union discriminated by `platform`, each platform with its own block and its own
 * license-server modes, so code that has checked `config.platform` needs no cast.
 */
export const deploymentConfigSchema = z.preprocess(
    withDefaultPlatform,
    z.discriminatedUnion("platform", [dockerConfigSchema, awsConfigSchema], { error: "must be `docker` or `aws`" }),
);

/** The validated configuration: every default filled in, every secret wrapped. */
export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;
export type DockerDeploymentConfig = z.output<typeof dockerConfigSchema>;
export type AwsDeploymentConfig = z.output<typeof awsConfigSchema>;
export type Platform = DeploymentConfig["platform"];
/** The configuration as a user writes it (defaults optional). */
export type DeploymentConfigInput = z.input<typeof dockerConfigSchema> | z.input<typeof awsConfigSchema>;
export type EnvironmentConfig = DeploymentConfig["production"];
export type HealthCheckConfig = DeploymentConfig["loadBalancer"]["healthCheck"];

/** Top-level keys whose values must be stored with `pulumi config set --secret`. */
export const SECRET_KEYS = [
    "productionLicenseKey",
    "redundancyLicenseKey",
    "licenseServerPassword",
    "licenseServerAdminPassword",
    "webAuthorAdminPassword",
    "tlsCertificate",
] as const satisfies readonly (keyof DeploymentConfig)[];

/**
 * Top-level keys that hold structured (object) values.
 * @internal
 */
export const OBJECT_KEYS = ["licenseServer", "webAuthor", "production", "redundancy", "loadBalancer", "aws"] as const;
