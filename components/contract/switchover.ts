/**
 * Planned switchover: `loadBalancer.production`, one config value that says whether production takes new users.
 *
 * - `ready` (default): production is the active server, redundancy the backup (the failover of haproxyConfig.ts).
 * - `drain`: production's server gets weight 0 (HAProxy's DRAIN state). A server of weight 0 takes no new sessions,
 *   but requests whose cookie names it still go to it, so the editing sessions already on production finish there.
 *   With no active server of non-zero weight left, HAProxy serves new sessions from the `backup` server: redundancy
 *   (measured on 3.0.11 in tests/real/switchover.test.ts).
 * - `maintenance`: production's server is `disabled` (MAINT): nothing goes to production, its health checks stop,
 *   and sessions whose cookie names it are sent to redundancy.
 * - back to `ready`: new sessions go to production again; sessions that moved keep their cookie, and a backup server
 *   still serves requests whose cookie names it, so they stay on redundancy.
 *
 * While production is drained or in maintenance, redundancy is the only server that takes new sessions. Should it
 * fail, users would get the 503 page although production may be running. So the frontend then sends requests to a
 * last-resort backend whenever the main backend has no usable server (`nbsrv(web_authors) eq 0`). That backend holds
 * production alone, with health checks of its own: in maintenance the main backend's production server is not
 * checked at all, so `track` would see it in MAINT. A production that is really down (being upgraded) fails those
 * checks too, and users get the 503 page, as before.
 *
 * On AWS the same value forces the Route 53 failover (failoverDns.ts): DNS cannot drain sessions.
 */
import { HealthCheckConfig, PRODUCTION_STATES } from "../config/schema";
import { fastIntervalMs } from "./healthTimings";

export { PRODUCTION_STATES };
export type ProductionState = (typeof PRODUCTION_STATES)[number];

/** Name of the backend that serves production alone while redundancy is the only one taking users and has failed. */
export const LAST_RESORT_BACKEND = "production_last_resort";

/** Words added to production's `server` line in the main backend. */
export function productionServerOptions(state: ProductionState): string {
    switch (state) {
        case "ready":
            return "";
        case "drain":
            // Weight 0 is DRAIN: persistent (cookie) requests only. HAProxy accepts 0 to 256.
            return " weight 0";
        case "maintenance":
            return " disabled";
    }
}

/** Does production take no new sessions in this state (so redundancy alone does, and needs a last resort)? */
export function productionWithheld(state: ProductionState): boolean {
    return state !== "ready";
}

/** The frontend line that picks the last-resort backend; none while production is ready. */
export function renderLastResortRule(state: ProductionState, mainBackend: string): string[] {
    return productionWithheld(state) ? [`    use_backend ${LAST_RESORT_BACKEND} if { nbsrv(${mainBackend}) eq 0 }`] : [];
}

export interface LastResortInput {
    readonly state: ProductionState;
    /** `host:port` of production's Web Author. */
    readonly endpoint: string;
    /** The main backend's name for production's server, also its cookie value. */
    readonly serverName: string;
    readonly healthCheck: HealthCheckConfig;
    readonly statusPath: string;
    /** The main backend's cookie line, so a session started here is recognised there. */
    readonly cookieLine: string;
    readonly unavailablePagePath: string;
    /** ` resolvers … init-addr …` or "". */
    readonly resolve: string;
}

/**
 * The last-resort backend: production alone, checked separately from the main backend (whose production server is
 * not checked in maintenance). Its cookie has production's value: when redundancy is back, a session started here
 * stays on a drained production (persistence), and moves to redundancy in maintenance.
 */
export function renderLastResortBackend(input: LastResortInput): string[] {
    if (!productionWithheld(input.state)) return [];
    const hc = input.healthCheck;
    return [
        `backend ${LAST_RESORT_BACKEND}`,
        `    errorfile 503 ${input.unavailablePagePath}`,
        `    option httpchk GET ${input.statusPath}`,
        "    http-check expect status 200",
        input.cookieLine,
        `    server ${input.serverName} ${input.endpoint} cookie ${input.serverName} check inter ${hc.intervalMs}ms fastinter ${fastIntervalMs(hc)}ms downinter ${hc.intervalMs}ms fall ${hc.fall} rise ${hc.rise}${input.resolve}`,
        "",
    ];
}
