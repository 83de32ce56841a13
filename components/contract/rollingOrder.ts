/**
 * Rolling changes: which environment changes first, and what "healthy again" must mean before the other one may
 * change.
 *
 * Redundancy changes first: while it restarts, production serves everyone. Production changes once redundancy is
 * healthy again, so that the users production drops (its sessions move) find redundancy taking them. "Healthy" must
 * mean healthy in the load balancer's eyes: HAProxy marks a server up only after `rise` passed checks, `intervalMs`
 * apart (2 s with the defaults), after it marked it down during the restart. Docker's own health check can pass first
 * (measured with `npm run bench:rolling`: production stopped the moment redundancy answered its status path failed
 * 68 and 86 of about 2600 requests in two of three runs, both servers down in HAProxy's eyes for about 0.4 s).
 * So the Web Author container's health check passes only when the status path answers twice,
 * {@link STANDBY_SETTLE_SECONDS} apart: by then HAProxy has run its `rise` checks (up to `rise × intervalMs` of 3 s).
 */
import type { Role } from "./topology";

/** The environment whose parts change first, and the one that waits for it. */
export const ROLLING_ORDER: { readonly first: Role; readonly then: Role } = { first: "redundancy", then: "production" };

/** Seconds between the two status requests of a Web Author container's health check. */
export const STANDBY_SETTLE_SECONDS = 4;

/**
 * The Web Author container's health-check command (Docker `CMD-SHELL`).
 * @internal
 */
export function settledHealthCommand(statusUrl: string): string {
    return `curl -fsS -o /dev/null ${statusUrl} && sleep ${STANDBY_SETTLE_SECONDS} && curl -fsS -o /dev/null ${statusUrl}`;
}
