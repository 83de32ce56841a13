import type { HaproxyContainer } from "../../contract/haproxyConfig";

/**
 * HAProxy as the Docker platform runs it (the official image): where it reads its files, the ports it binds inside
 * its container, and the DNS server that resolves the Web Author containers' names. The contract renders the
 * configuration from these; it does not know them.
 */

/** Paths inside the HAProxy container (official image layout). */
export const HAPROXY_PATHS = {
    config: "/usr/local/etc/haproxy/haproxy.cfg",
    unavailablePage: "/usr/local/etc/haproxy/errors/503.http",
    certificate: "/usr/local/etc/haproxy/tls/site.pem",
    productionVerdict: "/usr/local/etc/haproxy/production-verdict.lua",
} as const;

/**
 * Ports HAProxy binds inside its container. The official image runs as the unprivileged `haproxy` user, which
 * cannot bind below 1024; the host's public ports (80/443 by default) are published onto these.
 */
export const HAPROXY_CONTAINER_PORTS = { http: 8080, https: 8443 } as const;

/** Docker's embedded DNS server, reachable from every container on a user-defined network. */
export const DOCKER_EMBEDDED_DNS = "127.0.0.11:53";

/** The HAProxy container on Docker, as `haproxyInputFor` takes it. */
export const DOCKER_HAPROXY: HaproxyContainer = { ports: HAPROXY_CONTAINER_PORTS, paths: HAPROXY_PATHS, dnsServers: [DOCKER_EMBEDDED_DNS] };
