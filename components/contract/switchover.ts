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
 * fail, users would get the 503 page although production may be running. So the main backend then holds a second
 * backup server after redundancy: production again, under another name (`production_last_resort`), with health checks
 * of its own (in maintenance the production server itself is not checked at all). HAProxy uses the first usable backup
 * server, so this one takes over only while redundancy is down; a request that was retrying on a dying redundancy is
 * redispatched to it (a separate backend chosen by `nbsrv` would not catch those: they are already in the main
 * backend, and got the 503 page in a measurement). Its cookie names it, and a backup server still serves requests
 * whose cookie names it, so sessions it started stay on production after redundancy recovers. A production that is
 * really down (being upgraded) fails those checks too, and users get the 503 page, as before.
 *
 * On AWS the same value forces the Route 53 failover (failoverDns.ts): DNS cannot drain sessions.
 */
import { PRODUCTION_STATES } from "../config/schema";

export { PRODUCTION_STATES };
export type ProductionState = (typeof PRODUCTION_STATES)[number];

/** Name (and cookie value) of production's second server line, a backup after redundancy, while production is withheld. */
export const LAST_RESORT_SERVER = "production_last_resort";

/**
 * Words added to production's `server` line in the main backend.
 * @internal
 */
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

/**
 * Does production take no new sessions in this state (so redundancy alone does, and needs a last resort)?
 * @internal
 */
export function productionWithheld(state: ProductionState): boolean {
    return state !== "ready";
}

/**
 * The last-resort server line (after redundancy's): production as the second backup, checked by the backend's
 * `default-server` settings. None while production is ready.
 * @param endpoint `host:port` of production's Web Author; @param resolve ` resolvers … init-addr …` or "".
 * @internal
 */
export function renderLastResortServer(state: ProductionState, endpoint: string, resolve: string): string[] {
    return productionWithheld(state) ? [`    server ${LAST_RESORT_SERVER} ${endpoint} cookie ${LAST_RESORT_SERVER} backup${resolve}`] : [];
}
