import type { HaproxyContainer } from "../../contract/haproxyConfig";
import { METRICS_CONTAINER_PORT } from "../../contract/metrics";

/**
 * HAProxy as the Docker platform runs it (the official image): where it reads its files, the ports it binds inside
 * its container, and the DNS server that resolves the Web Author containers' names. The contract renders the
 * configuration from these; it does not know them.
 */

/**
 * Paths inside the HAProxy container (official image layout). The rendered files live in a Docker volume shared with
 * the config writer (loadBalancerReload.ts), which publishes each configuration as a generation directory and points
 * `current` at it.
 */
export const HAPROXY_PATHS = {
    /** The shared volume's mount point. */
    live: "/usr/local/etc/haproxy/live",
    config: "/usr/local/etc/haproxy/live/current/haproxy.cfg",
    unavailablePage: "/usr/local/etc/haproxy/live/current/503.http",
    certificate: "/usr/local/etc/haproxy/live/current/site.pem",
    productionVerdict: "/usr/local/etc/haproxy/live/current/production-verdict.lua",
    /** Written by the reloader before each reload; `/var/lib/haproxy` belongs to the image's `haproxy` user. */
    serverState: "/var/lib/haproxy/server-state",
} as const;

/**
 * Ports HAProxy binds inside its container. The official image runs as the unprivileged `haproxy` user, which
 * cannot bind below 1024; the host's public ports (80/443 by default) are published onto these.
 */
export const HAPROXY_CONTAINER_PORTS = { http: 8080, https: 8443, metrics: METRICS_CONTAINER_PORT } as const;

/** Docker's embedded DNS server, reachable from every container on a user-defined network. */
export const DOCKER_EMBEDDED_DNS = "127.0.0.11:53";

/** The HAProxy container on Docker, as `haproxyInputFor` takes it. */
export const DOCKER_HAPROXY: HaproxyContainer = { ports: HAPROXY_CONTAINER_PORTS, paths: HAPROXY_PATHS, dnsServers: [DOCKER_EMBEDDED_DNS] };
