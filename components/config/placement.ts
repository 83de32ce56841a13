import type { DeploymentConfig } from "./schema";

/**
 * The deployment's vocabulary that validation needs: its environments and parts, and the placement defaults the
 * config's JSDoc promises. The contract (`contract/topology.ts`) builds on these.
 */

export const ROLES = ["production", "redundancy"] as const;
export type Role = (typeof ROLES)[number];

/** The deployment's parts, each of which may sit on its own Docker host with its own provider. */
export const PARTS = [...ROLES, "loadBalancer"] as const;
export type Part = (typeof PARTS)[number];

/** The key for a Docker host; environments with equal keys share a host, a network and container DNS. */
export function dockerHostKey(dockerHost: string | undefined): string {
    return dockerHost ?? "local";
}

/** Default host port for a container-mode license server's page. */
export function defaultLicenseServerHostPort(role: Role): number {
    return role === "production" ? 18080 : 18081;
}

/** Where a container-mode license server's page is published on its host (see the config's JSDoc). */
export const DEFAULT_LICENSE_SERVER_PUBLISH_ADDRESS = "127.0.0.1";

/**
 * The host interface `role`'s container-mode license server is published on: the environment's own setting, else
 * the deprecated shared `licenseServer.publishAddress`, else loopback.
 */
export function licenseServerPublishAddress(config: DeploymentConfig, role: Role): string {
    return config[role].licenseServerPublishAddress ?? config.licenseServer.publishAddress ?? DEFAULT_LICENSE_SERVER_PUBLISH_ADDRESS;
}
