/**
 * Rolling changes: which part changes first, and what "healthy again" must mean before the next one may change.
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

/** The parts of an environment that a change restarts. */
export type EnvironmentPart = "licenseServer" | "webAuthor";

/** One step of {@link ROLLING_SEQUENCE}. */
export interface RollingStep {
    readonly role: Role;
    readonly part: EnvironmentPart;
}

/**
 * The order in which one `pulumi up` restarts the four parts, each only once the one before is healthy again (a
 * part that does not change is passed at once). Redundancy first, as {@link ROLLING_ORDER} says; within that, the
 * license servers bracket the Web Authors because both sides share `licenseServerPassword` (and the user and context
 * path): while a rotated password rolls out, every Web Author must keep one license server that is up and takes its
 * password. Redundancy's license server takes the new one first, so a Web Author on the new password always has
 * redundancy's (its backup); production's takes it last, once no Web Author on the old password is left, so until
 * then every Web Author on the old one has production's (its main). Replacing production's license server before
 * production's Web Author would leave that Web Author's old tasks or container with no license server that takes
 * their password; replacing a Web Author before redundancy's license server is back would leave the new one with
 * none either.
 */
export const ROLLING_SEQUENCE: readonly RollingStep[] = [
    { role: "redundancy", part: "licenseServer" },
    { role: "redundancy", part: "webAuthor" },
    { role: "production", part: "webAuthor" },
    { role: "production", part: "licenseServer" },
];

/** The environments in the order their first part changes. */
export function rollingEnvironments(): Role[] {
    return [...new Set(ROLLING_SEQUENCE.map((step) => step.role))];
}

/** One environment's parts in the order they change. */
export function rollingPartsOf(role: Role): EnvironmentPart[] {
    return ROLLING_SEQUENCE.filter((step) => step.role === role).map((step) => step.part);
}

/** Seconds between the two status requests of a Web Author container's health check. */
export const STANDBY_SETTLE_SECONDS = 4;

/**
 * The Web Author container's health-check command (Docker `CMD-SHELL`).
 * @internal
 */
export function settledHealthCommand(statusUrl: string): string {
    return `curl -fsS -o /dev/null ${statusUrl} && sleep ${STANDBY_SETTLE_SECONDS} && curl -fsS -o /dev/null ${statusUrl}`;
}
