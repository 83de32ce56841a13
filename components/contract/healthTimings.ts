/**
 * The load balancer's health timings, derived from `loadBalancer.healthCheck` and the connect timeout: how fast a
 * failed production is detected, how many connection retries outlast that, and how long a request that met
 * production's 503 waits for the verdict. Shared by the HAProxy renderer, the tests and the benchmarks.
 */
import type { HealthCheckConfig } from "../config/schema";

/**
 * Check interval while a server is changing state (after its first failed check): a quarter of the interval, at
 * least 100 ms, so a frozen or failing production is confirmed down soon after its first failure.
 */
export function fastIntervalMs(hc: HealthCheckConfig): number {
    return Math.max(100, Math.floor(hc.intervalMs / 4));
}

/**
 * The longest a request that met production's 503 waits for the health checks' verdict, in ms: the worst-case
 * detection of a failing production (every check taking its whole timeout), plus one fast interval of margin.
 */
export function verdictWaitLimitMs(hc: HealthCheckConfig): number {
    return worstCaseDetectionMs(hc) + fastIntervalMs(hc);
}

/**
 * Worst-case time from a frozen production (no answers at all) to its being marked down: the wait for the next
 * check, then `fall` timed-out checks spaced by the fast interval. Checks answered at once (refused, or a 503) take
 * less.
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
