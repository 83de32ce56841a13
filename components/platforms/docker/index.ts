import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { validated } from "../../config/configError";
import type { DockerDeploymentConfig } from "../../config/schema";
import { dockerPlacementIssues, MAX_DNS_LABEL_LENGTH, MAX_DOCKER_NAME_LENGTH } from "../shared/componentArgs";
import { haproxyInputFor } from "../../contract/haproxyConfig";
import { licenseKeyFor, Role } from "../../contract/topology";
import { containerNames, planTopology } from "../shared/topology";
import { renderHaproxyConfig, renderUnavailablePage } from "../../contract/haproxyConfig";
import { renderProductionVerdictLua } from "../../contract/productionVerdict";
import { externalLicenseServer, ExternalLicenseServerChildren } from "../shared/externalLicenseServer";
import type { LicenseServerPart, PlatformDeployment, PlatformImplementation, ProviderOf, WebAuthorPart } from "../shared/platform";
import { secretOutput } from "../shared/secrets";
import { createChild, Transform } from "../shared/transform";
import { webAuthorSettingsFrom } from "../shared/webAuthorSettings";
import { createDockerLicenseServer, DockerLicenseServerTransforms } from "./licenseServerContainer";
import { createDockerLoadBalancer, DockerLoadBalancerInputs } from "./loadBalancerContainer";
import { createDockerWebAuthor, DockerWebAuthorInputs } from "./webAuthorContainer";
import { DOCKER_HAPROXY } from "./haproxy";

export { createDockerLicenseServer, DockerLicenseServerContainer, DockerLicenseServerTransforms } from "./licenseServerContainer";
export { createDockerLoadBalancer, DockerLoadBalancerInputs } from "./loadBalancerContainer";
export { createDockerWebAuthor, DockerWebAuthorInputs } from "./webAuthorContainer";
export { DOCKER_EMBEDDED_DNS, DOCKER_HAPROXY, HAPROXY_CONTAINER_PORTS, HAPROXY_PATHS } from "./haproxy";

/** Where the load balancer's metrics port is published on its host, if anywhere. */
function metricsPublishing(config: DockerDeploymentConfig) {
    const { publishAddress, hostPort } = config.loadBalancer.metrics;
    return publishAddress === undefined ? undefined : { publishAddress, hostPort };
}

/** Per-child escape hatches on Docker. */
export interface DockerTransforms {
    readonly network?: Transform<docker.NetworkArgs>;
    readonly production?: DockerEnvironmentTransforms;
    readonly redundancy?: DockerEnvironmentTransforms;
    readonly loadBalancer?: DockerLoadBalancerInputs["transforms"];
}

export interface DockerEnvironmentTransforms {
    readonly licenseServer?: DockerLicenseServerTransforms;
    readonly webAuthor?: DockerWebAuthorInputs["transforms"];
}

/** A container-mode license server's children, or an external one's (none). */
export type DockerLicenseServerChildren = ({ readonly kind: "container" } & ReturnType<typeof createDockerLicenseServer>) | ExternalLicenseServerChildren;
/** A Web Author container, its retained data volume and the image built for it (unless `webAuthor.image`). */
export type DockerWebAuthorChildren = ReturnType<typeof createDockerWebAuthor>;
/** The HAProxy container, its image, its config volume and config writer, and the configuration it was given. */
export type DockerLoadBalancerChildren = ReturnType<typeof createDockerLoadBalancer> & { readonly haproxyConfig: string };
/** One Docker network per Docker host, by host key (`plan.hosts`). */
export type DockerNetworks = ReadonlyMap<string, docker.Network>;

/** The Docker platform's types, for the registry. */
export interface DockerPlatformTypes {
    readonly config: DockerDeploymentConfig;
    readonly shared: DockerNetworks;
    readonly licenseServer: DockerLicenseServerChildren;
    readonly webAuthor: DockerWebAuthorChildren;
    readonly loadBalancer: DockerLoadBalancerChildren;
    readonly environmentOutputs: Record<string, never>;
    readonly outputs: Record<string, never>;
    readonly transforms: DockerTransforms;
}

/**
 * The Docker platform's plan: one network per Docker host, both environments (license server container or
 * external record, Web Author container) and HAProxy in front. Every name, port and URL comes from the contract's
 * plan; this only connects resources.
 */
function planDocker(
    config: DockerDeploymentConfig,
    name: string,
    providerOf: ProviderOf,
    transforms: DockerTransforms | undefined,
): PlatformDeployment<DockerPlatformTypes> {
    const plan = planTopology(config, name);
    const licenseServerPassword = secretOutput(config.licenseServerPassword);
    const adminSetupPassword = secretOutput(config.webAuthorAdminPassword);
    const networkOf = (networks: DockerNetworks, hostKey: string) => validated(networks.get(hostKey), `the network of Docker host ${hostKey}`).name;

    const licenseServer = (role: Role, networks: DockerNetworks): LicenseServerPart<DockerLicenseServerChildren> => {
        const envPlan = plan.environments[role];
        const urls = { activationUrl: envPlan.licenseServer.activationUrl, url: envPlan.licenseServer.url };
        const ls = config.licenseServer;
        if (ls.mode === "external") return externalLicenseServer(urls);
        return {
            ...urls,
            build: (parent, childName, waitFor) => ({
                kind: "container",
                ...createDockerLicenseServer(
                    parent,
                    childName,
                    {
                        name: envPlan.licenseServer.containerName,
                        networkName: networkOf(networks, envPlan.hostKey),
                        contextPath: ls.contextPath,
                        user: ls.user,
                        hostPort: validated(envPlan.licenseServer.hostPort, `${role}.licenseServerHostPort`),
                        publishAddress: envPlan.licenseServer.publishAddress,
                        warUrl: ls.warUrl,
                        image: ls.image,
                        // Only this environment's key reaches this license server.
                        licenseKey: secretOutput(licenseKeyFor(config, role)),
                        userPassword: licenseServerPassword,
                        adminPassword: secretOutput(validated(config.licenseServerAdminPassword, "licenseServerAdminPassword")),
                    },
                    transforms?.[role]?.licenseServer,
                    [...waitFor],
                ),
            }),
            outputs: () => ({}),
            // The container is created with `wait`: `pulumi up` returns from it once its health check passes.
            healthy: (children) => (children.kind === "container" ? children.container : undefined),
        };
    };

    const webAuthor = (role: Role, networks: DockerNetworks): WebAuthorPart<DockerWebAuthorChildren> => {
        const envPlan = plan.environments[role];
        return {
            build: (parent, childName, waitFor) =>
                createDockerWebAuthor(
                    parent,
                    childName,
                    {
                        containerName: envPlan.webAuthor.containerName,
                        networkName: networkOf(networks, envPlan.hostKey),
                        licensing: envPlan.webAuthor.licensing,
                        licenseServerPassword,
                        adminSetupPassword,
                        ...webAuthorSettingsFrom(config.webAuthor),
                        publish: envPlan.webAuthor.publish,
                        transforms: transforms?.[role]?.webAuthor,
                    },
                    [...waitFor],
                ),
            outputs: () => ({ containerName: envPlan.webAuthor.containerName }),
            // With `wait`, and a health check that passes only once HAProxy sees the container up too.
            healthy: (children) => children.container,
            url: () => envPlan.webAuthor.directUrl ?? envPlan.webAuthor.internalUrl,
        };
    };

    return {
        topology: plan,
        shared(parent) {
            // One network per Docker host, created with the provider of the first part placed there.
            const networks = new Map<string, docker.Network>();
            plan.hosts.forEach((host, index) => {
                const resourceName = index === 0 ? `${name}-network` : `${name}-network-${index}`;
                const provider = providerOf(host.firstPart);
                const opts = { parent, ...(provider ? { provider } : {}) };
                networks.set(host.key, createChild(docker.Network, resourceName, { name: host.networkName, driver: "bridge" }, opts, transforms?.network));
            });
            return networks;
        },
        environment: (role, networks) => ({ licenseServer: licenseServer(role, networks), webAuthor: webAuthor(role, networks) }),
        loadBalancer(networks) {
            const haproxy = haproxyInputFor(config, plan, DOCKER_HAPROXY);
            const haproxyConfig = renderHaproxyConfig(haproxy);
            const tls = config.tlsCertificate ? { httpsPort: config.loadBalancer.httpsPort, certificatePem: secretOutput(config.tlsCertificate) } : undefined;
            return {
                suffix: "load-balancer",
                build: (parent, childName) => ({
                    haproxyConfig,
                    ...createDockerLoadBalancer(parent, childName, {
                        containerName: plan.loadBalancer.containerName,
                        networkName: networkOf(networks, plan.loadBalancer.hostKey),
                        image: config.loadBalancer.image,
                        haproxyConfig,
                        unavailablePage: renderUnavailablePage(),
                        productionVerdict: renderProductionVerdictLua(),
                        httpPort: config.loadBalancer.httpPort,
                        metrics: metricsPublishing(config),
                        tls,
                        transforms: transforms?.loadBalancer,
                    }),
                }),
                outputs: () => ({ containerName: plan.loadBalancer.containerName }),
            };
        },
        environmentOutputs: () => pulumi.output({}),
        outputs: () => ({}),
    };
}

/** The Docker platform: HAProxy in front of containers on one or more Docker hosts. */
export const dockerPlatform: PlatformImplementation<DockerPlatformTypes> = {
    maxComponentNameLength: {
        length: MAX_DOCKER_NAME_LENGTH,
        why: (name) =>
            `its container names (such as ${containerNames(name, "redundancy").licenseServer.slice(0, 20)}…) must be DNS labels of at most ${MAX_DNS_LABEL_LENGTH} characters`,
    },
    ownsProvider: (provider) => docker.Provider.isInstance(provider),
    argumentIssues: (config, providerOf, kindOf) => dockerPlacementIssues(config, providerOf, kindOf),
    plan: planDocker,
};
