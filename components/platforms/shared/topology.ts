import type { DeploymentConfig } from "../../config/schema";
import { validated } from "../../config/configError";
import {
    DEFAULT_LICENSE_SERVER_PUBLISH_ADDRESS,
    defaultLicenseServerHostPort,
    dockerHostKey,
    licenseServerPublishAddress,
    Part,
    PARTS,
    Role,
} from "../../config/placement";
import { licenseServletUrl } from "../../contract/licenseProperties";
import { awsScheme, Endpoint, LICENSE_SERVER_ORDER, licenseServerDnsName, WEB_AUTHOR_ADMIN_PATH, WEB_AUTHOR_APP_PATH } from "../../contract/topology";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../images/licenseServer";
import { WEB_AUTHOR_CONTAINER_PORT } from "../../images/webAuthor";

export { DEFAULT_LICENSE_SERVER_PUBLISH_ADDRESS, defaultLicenseServerHostPort, dockerHostKey, licenseServerPublishAddress };
export type { Endpoint };

/**
 * The topology plan the platforms read: the contract's rules (contract/topology.ts: who is main and backup, which key
 * where, which Web Author is active) placed on hosts, with container names, networks, published ports and the URLs
 * each part is reached at. Kept below the platforms because both read it; the contract holds no Docker naming.
 */

/**
 * Deterministic resource and container names derived from the component's name.
 * @internal
 */
export function containerNames(prefix: string, role: Role) {
    return {
        licenseServer: `${prefix}-${role}-license-server`,
        webAuthor: `${prefix}-${role}-web-author`,
    };
}

/** @internal */
export function loadBalancerContainerName(prefix: string): string {
    return `${prefix}-load-balancer`;
}

/** @internal */
export function networkName(prefix: string, hostIndex: number): string {
    return hostIndex === 0 ? `${prefix}-net` : `${prefix}-net-${hostIndex}`;
}

export interface EnvironmentPlan {
    readonly role: Role;
    readonly hostKey: string;
    readonly licenseServer: {
        readonly mode: "container" | "external" | "ec2";
        readonly containerName: string;
        /** Host port of a container-mode server's page (activation), bound to {@link publishAddress}. */
        readonly hostPort: number | undefined;
        /** Host interface the container-mode server's page is published on ({@link licenseServerPublishAddress}). */
        readonly publishAddress: string;
        /** The page where the key is pasted and activated once. */
        readonly activationUrl: string;
        /** The license servlet URL, as a Web Author on the same Docker host reaches it. */
        readonly url: string;
    };
    readonly webAuthor: {
        readonly containerName: string;
        /** Where the Web Author is published on its host (only for a load balancer on another host), if at all. */
        readonly publish: { readonly hostPort: number; readonly address: string } | undefined;
        /** Main and backup license servlet URLs as seen from this Web Author's host. */
        readonly licensing: { readonly mainUrl: string; readonly backupUrl: string; readonly user: string };
        /** Direct URL of this Web Author's app, as published on its host, if published. */
        readonly directUrl: string | undefined;
        /** The app's URL inside the Docker network (what the load balancer and other containers use). */
        readonly internalUrl: string;
    };
}

export interface TopologyPlan {
    readonly prefix: string;
    /** Distinct Docker hosts, in the order production, redundancy, load balancer first appear. */
    readonly hosts: ReadonlyArray<{
        readonly key: string;
        readonly networkName: string;
        /** The first part placed on this host: its provider creates the host's network. */
        readonly firstPart: Part;
    }>;
    readonly environments: Readonly<Record<Role, EnvironmentPlan>>;
    readonly loadBalancer: {
        readonly hostKey: string;
        readonly containerName: string;
        /** Upstreams as the load balancer reaches them: production active, redundancy backup. */
        readonly servers: Readonly<Record<Role, Endpoint>>;
        readonly publicUrl: string;
        readonly adminUrl: string;
    };
}

function dockerHostOf(config: DeploymentConfig, part: Part): string | undefined {
    return part === "loadBalancer" ? config.loadBalancer.dockerHost : config[part].dockerHost;
}

function hostKeyOfRole(config: DeploymentConfig, part: Part): string {
    return dockerHostKey(dockerHostOf(config, part));
}

/** The host name to print in URLs for a Docker host: its address part, or `localhost` for a local socket. */
function displayHost(dockerHost: string | undefined): string {
    return (dockerHost === undefined ? undefined : hostAddressOf(dockerHost)) ?? "localhost";
}

/** Where a license server is reached from a Web Author on `fromHostKey`. Assumes the config passed validation. */
function licenseServerUrlFrom(config: DeploymentConfig, prefix: string, target: Role, fromHostKey: string): string {
    const env = config[target];
    if (config.licenseServer.mode === "external") {
        return validated(env.licenseServerUrl, `${target}.licenseServerUrl`);
    }
    if (config.platform === "aws") {
        // Every VPC of the deployment resolves the private zone, so every Web Author uses the same name.
        const zone = config.aws.privateZoneName;
        return licenseServletUrl(`http://${licenseServerDnsName(target, zone)}:${LICENSE_SERVER_CONTAINER_PORT}`, config.licenseServer.contextPath);
    }
    const origin =
        hostKeyOfRole(config, target) === fromHostKey
            ? `http://${containerNames(prefix, target).licenseServer}:${LICENSE_SERVER_CONTAINER_PORT}`
            : `http://${env.address}:${env.licenseServerHostPort ?? defaultLicenseServerHostPort(target)}`;
    return licenseServletUrl(origin, config.licenseServer.contextPath);
}

function publicOrigin(config: DeploymentConfig, hasTls: boolean): string {
    if (config.platform === "aws") {
        const aws = config.aws;
        return `${awsScheme(aws)}://${aws.domainName}`;
    }
    const host = displayHost(config.loadBalancer.dockerHost);
    const port = hasTls ? config.loadBalancer.httpsPort : config.loadBalancer.httpPort;
    const scheme = hasTls ? "https" : "http";
    const defaultPort = hasTls ? 443 : 80;
    return `${scheme}://${host}${port === defaultPort ? "" : `:${port}`}`;
}

/**
 * The host part of a `tcp://` or `ssh://` Docker address, used to print URLs; undefined for sockets.
 * @internal
 */
export function hostAddressOf(dockerHost: string): string | undefined {
    const match = /^(?:tcp|ssh):\/\/(?:[^@/]+@)?([^:/]+)/.exec(dockerHost);
    return match?.[1];
}

/** Where other hosts reach a published Web Author: the address it is bound to, or the host's `address` for 0.0.0.0. */
function webAuthorHostAddress(env: DeploymentConfig["production"]): string {
    const bound = env.webAuthorPublishAddress;
    return bound !== undefined && bound !== "0.0.0.0" ? bound : (env.address ?? displayHost(env.dockerHost));
}

/**
 * Derives everything the topology promises from a validated config. Pure: the same config gives the same plan.
 * @param prefix the top-level component's name; every container name starts with it.
 */
export function planTopology(config: DeploymentConfig, prefix: string): TopologyPlan {
    const hosts: Array<{ key: string; networkName: string; firstPart: Part }> = [];
    for (const part of PARTS) {
        const key = hostKeyOfRole(config, part);
        if (!hosts.some((host) => host.key === key)) {
            hosts.push({ key, networkName: networkName(prefix, hosts.length), firstPart: part });
        }
    }
    const lbHostKey = hostKeyOfRole(config, "loadBalancer");

    const environment = (role: Role): EnvironmentPlan => {
        const env = config[role];
        const names = containerNames(prefix, role);
        const hostKey = hostKeyOfRole(config, role);
        const lsHostPort = config.licenseServer.mode === "container" ? (env.licenseServerHostPort ?? defaultLicenseServerHostPort(role)) : undefined;
        const reachableHost = env.address ?? displayHost(env.dockerHost);
        const publishAddress = licenseServerPublishAddress(config, role);
        const activationUrl =
            config.licenseServer.mode !== "container"
                ? licenseServerUrlFrom(config, prefix, role, hostKey).replace(/\/license-servlet\/?$/, "/")
                : `http://${publishAddress === "0.0.0.0" ? reachableHost : publishAddress}:${lsHostPort}/${config.licenseServer.contextPath}/`;
        return {
            role,
            hostKey,
            licenseServer: {
                mode: config.licenseServer.mode,
                containerName: names.licenseServer,
                hostPort: lsHostPort,
                publishAddress,
                activationUrl,
                url: licenseServerUrlFrom(config, prefix, role, hostKey),
            },
            webAuthor: {
                containerName: names.webAuthor,
                publish:
                    env.webAuthorHostPort === undefined || env.webAuthorPublishAddress === undefined
                        ? undefined
                        : { hostPort: env.webAuthorHostPort, address: env.webAuthorPublishAddress },
                licensing: {
                    mainUrl: licenseServerUrlFrom(config, prefix, LICENSE_SERVER_ORDER.main, hostKey),
                    backupUrl: licenseServerUrlFrom(config, prefix, LICENSE_SERVER_ORDER.backup, hostKey),
                    user: config.licenseServer.user,
                },
                directUrl:
                    env.webAuthorHostPort === undefined ? undefined : `http://${webAuthorHostAddress(env)}:${env.webAuthorHostPort}${WEB_AUTHOR_APP_PATH}`,
                internalUrl: `http://${names.webAuthor}:${WEB_AUTHOR_CONTAINER_PORT}${WEB_AUTHOR_APP_PATH}`,
            },
        };
    };

    const upstream = (role: Role): Endpoint =>
        hostKeyOfRole(config, role) === lbHostKey
            ? { host: containerNames(prefix, role).webAuthor, port: WEB_AUTHOR_CONTAINER_PORT }
            : { host: webAuthorHostAddress(config[role]), port: validated(config[role].webAuthorHostPort, `${role}.webAuthorHostPort`) };

    const origin = publicOrigin(config, config.tlsCertificate !== undefined);
    return {
        prefix,
        hosts,
        environments: { production: environment("production"), redundancy: environment("redundancy") },
        loadBalancer: {
            hostKey: lbHostKey,
            containerName: loadBalancerContainerName(prefix),
            servers: { production: upstream("production"), redundancy: upstream("redundancy") },
            publicUrl: `${origin}${WEB_AUTHOR_APP_PATH}`,
            adminUrl: `${origin}${WEB_AUTHOR_ADMIN_PATH}`,
        },
    };
}
