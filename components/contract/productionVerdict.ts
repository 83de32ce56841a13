/**
 * The load balancer's answer to "production just answered 503: is it down, or did one request fail?", as two Lua
 * actions (HAProxy cannot hand a response back to another server by itself).
 *
 * On production's 503 to a safe request (`production_verdict`, response phase):
 * - production already marked down: the browser repeats the request (307 to the same URL) and it lands on redundancy;
 * - otherwise the action asks production's status endpoint itself, once, with the health check's timeout:
 *   - 200: production is healthy and the 503 was an application error on one path. Production's own answer stands and
 *     nobody moves (a failover costs every user their open documents);
 *   - anything else: production is suspected for the verdict's wait limit, and the browser repeats the request.
 * On every request bound for production while it is suspected (`await_verdict`, request phase, before a server is
 * chosen): wait until the health checks have marked production down, or the suspicion has expired, then go where the
 * balancing says. The wait happens before a server is attached,
 * so marking production down (which cuts its open connections) does not cut the waiting request.
 * A request that met the 503 with an unsafe method (a save) is never repeated: it gets production's answer.
 */

/**
 * The Lua action's name, as the config calls it (`lua.<name>`).
 * @internal
 */
export const PRODUCTION_VERDICT_ACTION = "production_verdict";

/**
 * The transaction variable the response action sets when production is down or suspected: the config answers 307.
 * @internal
 */
export const PRODUCTION_DOWN_VARIABLE = "txn.production_down";

/**
 * How often a waiting request looks at production's state, in ms.
 * @internal
 */
export const VERDICT_POLL_MS = 25;

/**
 * The request-phase action's name.
 * @internal
 */
export const AWAIT_VERDICT_ACTION = "await_verdict";

/** Renders the Lua file that defines both actions. Pure; the arguments come from the config lines that call them. */
export function renderProductionVerdictLua(): string {
    return `-- Rendered by oxygen-webauthor-ha: decides whether a 503 from production means production is down.
-- Both actions take: backend, server, status path, own check timeout (ms), wait limit (ms).
local POLL_MS = ${VERDICT_POLL_MS}

-- One shared Lua state (lua-load): the suspicion is seen by every request on every thread.
local suspected_until_ms = 0

local function now_ms()
    local now = core.now()
    return now.sec * 1000 + now.usec // 1000
end

local function is_down(server)
    local status = server:get_stats().status
    -- "DOWN", "DOWN 1/2" (coming back, still down), "MAINT", "MAINT (resolution)": nothing goes there.
    return string.sub(status, 1, 4) == "DOWN" or string.sub(status, 1, 5) == "MAINT"
end

local function healthy_now(server, status_path, timeout_ms)
    local answer = core.httpclient():get({ url = "http://" .. server:get_addr() .. status_path, timeout = timeout_ms })
    return answer ~= nil and answer.status == 200
end

core.register_action("${PRODUCTION_VERDICT_ACTION}", { "http-res" }, function(txn, backend, name, status_path, timeout_ms, limit_ms)
    local server = core.backends[backend].servers[name]
    if is_down(server) then
        txn:set_var("${PRODUCTION_DOWN_VARIABLE}", true)
    elseif not healthy_now(server, status_path, tonumber(timeout_ms)) then
        suspected_until_ms = math.max(suspected_until_ms, now_ms() + tonumber(limit_ms))
        txn:set_var("${PRODUCTION_DOWN_VARIABLE}", true)
    end
end, 5)

core.register_action("${AWAIT_VERDICT_ACTION}", { "http-req" }, function(txn, backend, name)
    local server = core.backends[backend].servers[name]
    while now_ms() < suspected_until_ms and not is_down(server) do
        core.msleep(POLL_MS)
    end
end, 2)
`;
}
