import type { DeploymentConfig, HealthCheckConfig } from "../config/schema";
import { renderHaproxyAdminGuard } from "./adminGuard";
import { connectionRetries, fastIntervalMs, verdictWaitLimitMs } from "./healthTimings";
import { AWAIT_VERDICT_ACTION, PRODUCTION_DOWN_VARIABLE, PRODUCTION_VERDICT_ACTION } from "./productionVerdict";
import { renderMetricsFrontend } from "./metrics";
import { ProductionState, productionServerOptions, renderLastResortServer } from "./switchover";
import { Endpoint, Role, WEB_AUTHOR_ORDER, WEB_AUTHOR_STATUS_PATH } from "./topology";

/**
 * Renders the failover load balancer's HAProxy configuration. The behaviour it promises is proven against a real
 * HAProxy in tests/real/haproxy.test.ts and measured by bench/failover.ts:
 * - production's Web Author is the only active server; redundancy's is a `backup`, used only while production is down;
 * - active health checks on the status endpoint (expect 200), and nothing else, decide whether production is down, so
 *   an application error on a healthy production moves nobody;
 * - a request that meets a dead production (refused or closed connection) is retried and redispatched to redundancy
 *   instead of failing; only safe methods are repeated after production may have received them, so a save is never
 *   applied twice;
 * - a safe request that meets production's 503 waits for the verdict (productionVerdict.ts): repeated to redundancy if
 *   production is down, production's own answer if it is healthy;
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
     * address is picked up without restarting HAProxy (Docker: its embedded DNS, platforms/docker/haproxy.ts). Empty: none.
     */
    readonly dnsServers: readonly string[];
    /** Path of the 503 page file (see {@link renderUnavailablePage}). */
    readonly unavailablePagePath: string;
    /** Path of the Lua file that decides on production's 503s (see {@link renderProductionVerdictLua}). */
    readonly productionVerdictPath: string;
    /**
     * Where the servers' states are saved before a reload and loaded by the new worker (`server-state-file`), so a
     * production marked down stays down across a configuration change. Default: none (no state kept).
     */
    readonly serverStatePath?: string;
    /** Where the metrics frontend (Prometheus exporter, stats page; metrics.ts) listens. Default: none. */
    readonly metricsBind?: Endpoint;
    /** Planned switchover (`loadBalancer.production`, see switchover.ts). Default: `ready`. */
    readonly production?: ProductionState;
}

function bindLine(bind: Endpoint, extra = ""): string {
    return `    bind ${bind.host}:${bind.port}${extra}`;
}

/** Methods that may be sent again after a server may have received them: they change nothing (RFC 9110, 9.2.1). */
const SAFE_METHODS = "GET HEAD OPTIONS";

/** Renders `haproxy.cfg`. Pure and deterministic. */
export function renderHaproxyConfig(input: HaproxyRenderInput): string {
    const hc = input.healthCheck;
    const { active, backup } = WEB_AUTHOR_ORDER;
    const endpoint = (role: Role) => `${input.servers[role].host}:${input.servers[role].port}`;
    const resolve = input.dnsServers.length > 0 ? " resolvers dns init-addr last,libc,none" : "";
    const production = input.production ?? "ready";
    const verdictArgs = ["web_authors", active, WEB_AUTHOR_STATUS_PATH, hc.timeoutMs, verdictWaitLimitMs(hc)].join(" ");
    const lines = [
        "# Rendered by oxygen-webauthor-ha from the stack configuration; edit the config, not this file.",
        "global",
        "    log stdout format raw local0 info",
        `    lua-load ${input.productionVerdictPath}`,
        ...(input.serverStatePath === undefined ? [] : [`    server-state-file ${input.serverStatePath}`]),
        "",
        "defaults",
        "    mode http",
        ...(input.serverStatePath === undefined ? [] : ["    load-server-state-from-file global"]),
        "    log global",
        "    option httplog",
        "    option dontlognull",
        "    option forwardfor",
        // A reload (docker/load-balancer/reloader.sh: a configuration change, a certificate rotation) soft-stops the old
        // worker, which by default closes its idle keep-alive connections at once: a client sending its next request on
        // one at that moment gets a reset, not an answer (tests/real/loadBalancerTlsReload.test.ts). Instead, the old
        // worker answers the next request on such a connection with `Connection: close`; an idle one lasts at most
        // `timeout http-request` (the keep-alive timeout when `timeout http-keep-alive` is unset).
        "    option idle-close-on-response",
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
        // lands on redundancy. A closed connection (empty response) may mean production received the request: the
        // backend repeats only safe methods then (`disable-l7-retry`); a refused one never reached it.
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
        ...(input.tls
            ? ["    http-request redirect scheme https code 301 unless { ssl_fc }", "    http-request set-header X-Forwarded-Proto https if { ssl_fc }"]
            : []),
        ...renderHaproxyAdminGuard(input.adminAllowedSources),
        `    errorfile 503 ${input.unavailablePagePath}`,
        "    default_backend web_authors",
        "",
        ...renderMetricsFrontend(input.metricsBind),
        "backend web_authors",
        "    balance first",
        `    errorfile 503 ${input.unavailablePagePath}`,
        `    option httpchk GET ${WEB_AUTHOR_STATUS_PATH}`,
        "    http-check expect status 200",
        `    cookie ${input.stickyCookieName} insert indirect nocache httponly${input.tls ? " secure" : ""}`,
        `    acl safe_method method ${SAFE_METHODS}`,
        // A request that may have reached production (it closed the connection without answering) is repeated only if
        // repeating it changes nothing: a save (POST, PUT, DELETE, …) gets an error instead of being applied twice.
        "    http-request disable-l7-retry unless safe_method",
        // Kept for the 307 below: the URL the browser repeats.
        "    http-request set-var(txn.request_uri) pathq",
        // While production is suspected, a request bound for it (no cookie, or production's) waits for the verdict
        // before a server is chosen; sessions already on redundancy go on at once.
        `    http-request lua.${AWAIT_VERDICT_ACTION} web_authors ${active} unless { req.cook(${input.stickyCookieName}) -m str ${backup} }`,
        // Production's 503 to a safe request: is production down, or did one request fail? (productionVerdict.ts.)
        // Down or suspected: the browser repeats the request (307), which waits for the verdict above and lands on
        // redundancy once production is marked down. Healthy: production's own answer stands, and nobody moves.
        `    http-response lua.${PRODUCTION_VERDICT_ACTION} ${verdictArgs} if { status 503 } { srv_name ${active} } safe_method`,
        `    http-response redirect location %[var(txn.request_uri)] code 307 if { var(${PRODUCTION_DOWN_VARIABLE}) -m bool }`,
        // Health checks alone mark a server down. Not errors observed on user requests (`observe layer7`): with
        // `on-error mark-down` one broken endpoint of a healthy production would move every user; even with
        // `on-error fastinter` the sped-up checks mark production down while requests sit between two connection
        // retries, and cut them (measured: a GET in flight at a kill failed in 4 of 10 rounds, 0 of 10 without).
        // Marked down, production's open connections are cut, so a frozen production does not hold requests until
        // `timeout server`.
        `    default-server check inter ${hc.intervalMs}ms fastinter ${fastIntervalMs(hc)}ms downinter ${hc.intervalMs}ms fall ${hc.fall} rise ${hc.rise} on-marked-down shutdown-sessions`,
        `    server ${active} ${endpoint(active)} cookie ${active}${productionServerOptions(production)}${resolve}`,
        `    server ${backup} ${endpoint(backup)} cookie ${backup} backup${resolve}`,
        // Planned switchover (switchover.ts): production again, used only while redundancy is down too.
        ...renderLastResortServer(production, endpoint(active), resolve),
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
    return ["HTTP/1.0 503 Service Unavailable", "Cache-Control: no-cache", "Connection: close", "Content-Type: text/html; charset=utf-8", "", body].join(
        "\r\n",
    );
}

/**
 * Where HAProxy runs, as its platform decides (Docker: platforms/docker/haproxy.ts): the ports it binds, the files
 * it reads, the DNS servers that re-resolve the Web Authors' names.
 */
export interface HaproxyContainer {
    /** `metrics`: where the metrics frontend (metrics.ts) listens, if anywhere. */
    readonly ports: { readonly http: number; readonly https: number; readonly metrics?: number };
    /** `serverState`: where servers' states are kept across reloads (`server-state-file`), if anywhere. */
    readonly paths: { readonly certificate: string; readonly unavailablePage: string; readonly productionVerdict: string; readonly serverState?: string };
    readonly dnsServers: readonly string[];
}

/** The HAProxy inputs for a validated deployment, with HAProxy where `container` says it runs. */
export function haproxyInputFor(
    config: DeploymentConfig,
    plan: { readonly loadBalancer: { readonly servers: Readonly<Record<Role, Endpoint>> } },
    container: HaproxyContainer,
): HaproxyRenderInput {
    const lb = config.loadBalancer;
    return {
        servers: plan.loadBalancer.servers,
        healthCheck: lb.healthCheck,
        stickyCookieName: lb.stickyCookieName,
        adminAllowedSources: lb.adminAllowedSources,
        serverTimeoutSeconds: lb.serverTimeoutSeconds,
        tunnelTimeoutSeconds: lb.tunnelTimeoutSeconds,
        connectTimeoutMs: lb.connectTimeoutMs,
        httpBind: { host: "*", port: container.ports.http },
        tls:
            config.tlsCertificate === undefined
                ? undefined
                : { bind: { host: "*", port: container.ports.https }, certificatePath: container.paths.certificate },
        dnsServers: container.dnsServers,
        unavailablePagePath: container.paths.unavailablePage,
        productionVerdictPath: container.paths.productionVerdict,
        serverStatePath: container.paths.serverState,
        metricsBind: container.ports.metrics === undefined ? undefined : { host: "*", port: container.ports.metrics },
        production: lb.production,
    };
}
