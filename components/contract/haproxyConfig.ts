import type { DeploymentConfig, HealthCheckConfig } from "../config/schema";
import { renderHaproxyAdminGuard } from "./adminGuard";
import { Endpoint, Role, TopologyPlan, WEB_AUTHOR_ORDER, WEB_AUTHOR_STATUS_PATH } from "./topology";

/**
 * Renders the failover load balancer's HAProxy configuration. The behaviour it promises is proven against a real
 * HAProxy in tests/real/haproxy.test.ts and measured by bench/failover.ts:
 * - production's Web Author is the only active server; redundancy's is a `backup`, used only while production is down;
 * - active health checks on the status endpoint (expect 200);
 * - a request that meets a dead or failing production is retried and redispatched to redundancy instead of failing;
 * - a cookie pins each editing session to the server that first answered it, so after production recovers, sessions
 *   that moved stay on redundancy (a backup server still serves requests whose cookie names it) while new sessions
 *   go to production;
 * - WebSocket upgrades pass through (HAProxy forwards `Upgrade`/`Connection` and switches to `timeout tunnel`);
 * - the Admin page, and any path not in normal form, is denied unless the client's address is allowed (adminGuard.ts).
 */

export interface HaproxyRenderInput {
    /** Where the load balancer reaches each Web Author. */
    readonly servers: Readonly<Record<Role, Endpoint>>;
    readonly healthCheck: HealthCheckConfig;
    readonly stickyCookieName: string;
    readonly adminAllowedSources: readonly string[];
    readonly serverTimeoutSeconds: number;
    /** Connect timeout to a Web Author, in ms; it also bounds the pause before a retry. */
    readonly connectTimeoutMs: number;
    readonly tunnelTimeoutSeconds: number;
    /** Address and port HAProxy binds for plain HTTP (inside its container). */
    readonly httpBind: Endpoint;
    /** With TLS: the HTTPS bind and the PEM bundle path; HTTP then only redirects. */
    readonly tls?: { readonly bind: Endpoint; readonly certificatePath: string };
    /**
     * DNS servers (`ip:port`) re-resolving the server names at run time, so a replaced Web Author container's new
     * address is picked up without restarting HAProxy. Docker's embedded DNS is `127.0.0.11:53`. Empty: none.
     */
    readonly dnsServers: readonly string[];
    /** Path of the 503 page file (see {@link renderUnavailablePage}). */
    readonly unavailablePagePath: string;
}

/**
 * Check interval while a server is changing state (after its first failed check): a quarter of the interval, at
 * least 100 ms, so a frozen production is confirmed down soon after its first timeout.
 */
export function fastIntervalMs(hc: HealthCheckConfig): number {
    return Math.max(100, Math.floor(hc.intervalMs / 4));
}

/**
 * Worst-case time from a frozen production (no answers at all) to its being marked down: the wait for the next
 * check, then `fall` timed-out checks spaced by the fast interval. A refused connection or two 5xx answers to user
 * requests mark it down sooner.
 */
export function worstCaseDetectionMs(hc: HealthCheckConfig): number {
    return hc.intervalMs + hc.fall * hc.timeoutMs + (hc.fall - 1) * fastIntervalMs(hc);
}

/**
 * Worst-case time from a killed production (connections refused, so each check fails at once) to its being marked
 * down: the wait for the next check, then `fall - 1` more checks at the fast interval.
 */
export function worstCaseRefusalDetectionMs(hc: HealthCheckConfig): number {
    return hc.intervalMs + (hc.fall - 1) * fastIntervalMs(hc);
}

/**
 * Connection retries for one request: enough that a request meeting a killed production keeps retrying (one retry per
 * turn-around, `min(timeout connect, 1 s)`) until the health checks have marked it down, so its last retry is
 * redispatched to redundancy; two more for margin.
 */
export function connectionRetries(hc: HealthCheckConfig, connectTimeoutMs: number): number {
    const turnaroundMs = Math.min(connectTimeoutMs, 1000);
    const needed = Math.ceil(worstCaseRefusalDetectionMs(hc) / turnaroundMs) + 2;
    // Capped: with very slow health checks a request should fail after a while rather than wait for them.
    return Math.min(MAX_CONNECTION_RETRIES, Math.max(3, needed));
}

/** The most connection retries a request makes (about 10 s with the default connect timeout). */
export const MAX_CONNECTION_RETRIES = 20;

/** How long production's 503s count towards opening the circuit breaker (its window), in ms. */
export const CIRCUIT_WINDOW_MS = 1000;
/**
 * How many 503s from production within the window open the circuit: two, so that one transient 503 (whose redirected
 * request production then answers) moves nobody; the same threshold the load balancer had for marking a server down.
 */
export const CIRCUIT_THRESHOLD = 2;

function bindLine(bind: Endpoint, extra = ""): string {
    return `    bind ${bind.host}:${bind.port}${extra}`;
}

/** Renders `haproxy.cfg`. Pure and deterministic. */
export function renderHaproxyConfig(input: HaproxyRenderInput): string {
    const hc = input.healthCheck;
    const { active, backup } = WEB_AUTHOR_ORDER;
    const endpoint = (role: Role) => `${input.servers[role].host}:${input.servers[role].port}`;
    const resolve = input.dnsServers.length > 0 ? " resolvers dns init-addr last,libc,none" : "";
    const lines = [
        "# Rendered by oxygen-webauthor-ha from the stack configuration; edit the config, not this file.",
        "global",
        "    log stdout format raw local0 info",
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option httplog",
        "    option dontlognull",
        "    option forwardfor",
        // A short connect timeout: a frozen or unreachable production must not hold a request for long before retry.
        `    timeout connect ${input.connectTimeoutMs}ms`,
        "    timeout http-request 10s",
        `    timeout client ${input.serverTimeoutSeconds}s`,
        `    timeout server ${input.serverTimeoutSeconds}s`,
        // WebSocket editing sessions are idle between keystrokes; the tunnel timeout keeps them open.
        `    timeout tunnel ${input.tunnelTimeoutSeconds}s`,
        `    timeout check ${hc.timeoutMs}ms`,
        // Retry a request that met a refused or closed connection, and send every retry through the balancing again:
        // there are enough retries to outlast the health checks' detection of a killed production, so the last one
        // lands on redundancy.
        `    retries ${connectionRetries(hc, input.connectTimeoutMs)}`,
        "    option redispatch 1",
        "    retry-on conn-failure empty-response",
        "",
    ];
    if (input.dnsServers.length > 0) {
        lines.push(
            "resolvers dns",
            ...input.dnsServers.map((server, i) => `    nameserver dns${i + 1} ${server}`),
            "    resolve_retries 3",
            "    timeout resolve 1s",
            "    timeout retry 1s",
            "    hold valid 5s",
            "    hold obsolete 5s",
            "",
        );
    }
    lines.push(
        "frontend public",
        bindLine(input.httpBind),
        ...(input.tls ? [bindLine(input.tls.bind, ` ssl crt ${input.tls.certificatePath} alpn http/1.1`)] : []),
        ...(input.tls ? ["    http-request redirect scheme https code 301 unless { ssl_fc }", "    http-request set-header X-Forwarded-Proto https if { ssl_fc }"] : []),
        ...renderHaproxyAdminGuard(input.adminAllowedSources),
        `    errorfile 503 ${input.unavailablePagePath}`,
        // The circuit breaker: every request is counted in one shared entry; a 503 from production bumps it (below),
        // and while production's recent 503s reach the threshold, requests go straight to redundancy.
        "    http-request track-sc0 int(0) table circuit",
        `    use_backend web_authors_redundancy if { sc0_gpc0_rate ge ${CIRCUIT_THRESHOLD} }`,
        "    default_backend web_authors",
        "",
        "backend circuit",
        `    stick-table type integer size 1 expire 60s store gpc0,gpc0_rate(${CIRCUIT_WINDOW_MS}ms)`,
        "",
        "backend web_authors",
        "    balance first",
        `    errorfile 503 ${input.unavailablePagePath}`,
        `    option httpchk GET ${WEB_AUTHOR_STATUS_PATH}`,
        "    http-check expect status 200",
        `    cookie ${input.stickyCookieName} insert indirect nocache httponly${input.tls ? " secure" : ""}`,
        // HAProxy cannot hand a request that got a 503 from production to the backup within the same request. So
        // production's 503 opens the circuit and becomes a 307 to the same URL; the browser repeats the request (method
        // and body included), and the circuit sends it to redundancy until the health checks mark production down.
        `    http-response sc-inc-gpc0(0) if { status 503 } { srv_name ${active} }`,
        `    http-response redirect location %[capture.req.uri] code 307 if { status 503 } { srv_name ${active} }`,
        // Health checks alone mark a server down. (Marking it down from failed requests, \`observe\`, cut requests that
        // were between two connection retries: a request lost at nearly every kill under concurrent load.) Marked
        // down, its open connections are cut, so a frozen production does not hold requests until \`timeout server\`.
        `    default-server check inter ${hc.intervalMs}ms fastinter ${fastIntervalMs(hc)}ms downinter ${hc.intervalMs}ms fall ${hc.fall} rise ${hc.rise} on-marked-down shutdown-sessions`,
        `    server ${active} ${endpoint(active)} cookie ${active}${resolve}`,
        `    server ${backup} ${endpoint(backup)} cookie ${backup} backup${resolve}`,
        "",
        // Where the open circuit sends requests: redundancy alone, with the same cookie, its state tracked from above.
        "backend web_authors_redundancy",
        "    balance first",
        `    errorfile 503 ${input.unavailablePagePath}`,
        `    cookie ${input.stickyCookieName} insert indirect nocache httponly${input.tls ? " secure" : ""}`,
        `    server ${backup} ${endpoint(backup)} cookie ${backup} track web_authors/${backup}${resolve}`,
        "",
    );
    return lines.join("\n");
}

/** The page users get when both Web Authors are down: a complete HTTP response, as HAProxy's `errorfile` wants. */
export function renderUnavailablePage(): string {
    const body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Web Author is unavailable</title></head>',
        "<body><h1>Web Author is temporarily unavailable</h1>",
        "<p>Both the production and the redundancy servers are down. Your documents are safe; please try again in a few minutes.</p>",
        "</body></html>",
        "",
    ].join("\n");
    return [
        "HTTP/1.0 503 Service Unavailable",
        "Cache-Control: no-cache",
        "Connection: close",
        "Content-Type: text/html; charset=utf-8",
        "",
        body,
    ].join("\r\n");
}

/** Paths inside the HAProxy container (official image layout). */
export const HAPROXY_PATHS = {
    config: "/usr/local/etc/haproxy/haproxy.cfg",
    unavailablePage: "/usr/local/etc/haproxy/errors/503.http",
    certificate: "/usr/local/etc/haproxy/tls/site.pem",
} as const;

/**
 * Ports HAProxy binds inside its container. The official image runs as the unprivileged `haproxy` user, which
 * cannot bind below 1024; the host's public ports (80/443 by default) are published onto these.
 */
export const HAPROXY_CONTAINER_PORTS = { http: 8080, https: 8443 } as const;

/** Docker's embedded DNS server, reachable from every container on a user-defined network. */
export const DOCKER_EMBEDDED_DNS = "127.0.0.11:53";

/** The HAProxy inputs for a validated deployment: what the Docker platform renders and the real-HAProxy tests run. */
export function haproxyInputFor(config: DeploymentConfig, plan: TopologyPlan): HaproxyRenderInput {
    const lb = config.loadBalancer;
    return {
        servers: plan.loadBalancer.servers,
        healthCheck: lb.healthCheck,
        stickyCookieName: lb.stickyCookieName,
        adminAllowedSources: lb.adminAllowedSources,
        serverTimeoutSeconds: lb.serverTimeoutSeconds,
        tunnelTimeoutSeconds: lb.tunnelTimeoutSeconds,
        connectTimeoutMs: lb.connectTimeoutMs,
        httpBind: { host: "*", port: HAPROXY_CONTAINER_PORTS.http },
        tls: config.tlsCertificate === undefined ? undefined : { bind: { host: "*", port: HAPROXY_CONTAINER_PORTS.https }, certificatePath: HAPROXY_PATHS.certificate },
        dnsServers: [DOCKER_EMBEDDED_DNS],
        unavailablePagePath: HAPROXY_PATHS.unavailablePage,
    };
}
