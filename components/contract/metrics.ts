/**
 * The load balancer's metrics on Docker: HAProxy's built-in Prometheus exporter (`/metrics`) and its read-only stats
 * page (`/stats`, `/stats;csv`) on a frontend of their own (its requests not logged), and the alert rules that tell a
 * failover, a redundancy that could not take over, and a planned switchover apart. The rules are data, so the tests evaluate exactly what the
 * README documents against what the real HAProxy exports (tests/real/metrics.test.ts).
 *
 * What HAProxy 3.0.11 exports for production's server, measured: `haproxy_server_status{state="DOWN"} 1` once its
 * health checks mark it down; `state="MAINT"` while `disabled` (maintenance); a drained server (weight 0) stays
 * `state="UP"` with `haproxy_server_weight 0`.
 */
import type { Endpoint } from "./topology";
import { WEB_AUTHOR_ORDER } from "./topology";

/** Container port of the metrics frontend; not published unless `loadBalancer.metrics.publishAddress` is set. */
export const METRICS_CONTAINER_PORT = 8404;
export const METRICS_PATH = "/metrics";
export const STATS_PATH = "/stats";

/**
 * The metrics frontend: exporter and stats page, read-only (no `stats admin`), its requests not logged.
 * @internal
 */
export function renderMetricsFrontend(bind: Endpoint | undefined): string[] {
    if (bind === undefined) return [];
    return [
        "frontend metrics",
        `    bind ${bind.host}:${bind.port}`,
        // Scrapes every few seconds would flood the log.
        "    http-request set-log-level silent",
        `    http-request use-service prometheus-exporter if { path ${METRICS_PATH} }`,
        "    stats enable",
        `    stats uri ${STATS_PATH}`,
        "    stats refresh 10s",
        "",
    ];
}

/** One sample condition: `metric{labels} == value`. */
export interface SampleCondition {
    readonly metric: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number;
}

export interface AlertRule {
    readonly alert: string;
    readonly summary: string;
    /** The rule fires when any of these holds (PromQL `or`). */
    readonly anyOf: readonly SampleCondition[];
}

const server = (name: string) => ({ proxy: "web_authors", server: name });
const { active, backup } = WEB_AUTHOR_ORDER;

/** The three alerts, told apart by what they look at. */
export const LOAD_BALANCER_ALERTS: readonly AlertRule[] = [
    {
        alert: "WebAuthorFailoverActive",
        summary: "Production's Web Author failed its health checks: new sessions go to redundancy.",
        anyOf: [{ metric: "haproxy_server_status", labels: { ...server(active), state: "DOWN" }, value: 1 }],
    },
    {
        alert: "WebAuthorRedundancyCannotTakeOver",
        summary: "Redundancy's Web Author is not up: if production fails (or while it is withheld), nobody can take over.",
        anyOf: [{ metric: "haproxy_server_status", labels: { ...server(backup), state: "UP" }, value: 0 }],
    },
    {
        alert: "WebAuthorProductionDrained",
        summary: "Production is drained or in maintenance (loadBalancer.production): a planned switchover.",
        anyOf: [
            { metric: "haproxy_server_weight", labels: server(active), value: 0 },
            { metric: "haproxy_server_status", labels: { ...server(active), state: "MAINT" }, value: 1 },
        ],
    },
];

/** A rule as a PromQL expression. */
export function promql(rule: AlertRule): string {
    const one = (c: SampleCondition) =>
        `${c.metric}{${Object.entries(c.labels)
            .map(([k, v]) => `${k}="${v}"`)
            .join(",")}} == ${c.value}`;
    return rule.anyOf.map(one).join(" or ");
}
