import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentConfig } from "../config/schema";
import { haproxyInputFor } from "../contract/haproxyConfig";
import { licenseKeyFor, Part, Role, TopologyPlan } from "../contract/topology";
import { Environment } from "../environment";
import { FailoverLoadBalancer, DockerFailoverLoadBalancerArgs } from "../failoverLoadBalancer";
import type { DockerLicenseServerTransforms } from "../platforms/docker/licenseServerContainer";
import type { DockerWebAuthorInputs } from "../platforms/docker/webAuthorContainer";
import { Transform, transformed } from "../transform";
import { DeploymentParts, EnvironmentOutputs, secretOutput } from "./parts";

/** Where the load balancer's metrics port is published on its host, if anywhere. */
function metricsPublishing(config: DeploymentConfig) {
    const { publishAddress, hostPort } = config.loadBalancer.metrics;
    return publishAddress === undefined ? undefined : { publishAddress, hostPort };
}

/** Per-child escape hatches on Docker. */
export interface DockerTransforms {
    readonly network?: Transform<docker.NetworkArgs>;
    readonly production?: { readonly licenseServer?: DockerLicenseServerTransforms; readonly webAuthor?: DockerWebAuthorInputs["transforms"] };
    readonly redundancy?: { readonly licenseServer?: DockerLicenseServerTransforms; readonly webAuthor?: DockerWebAuthorInputs["transforms"] };
    readonly loadBalancer?: DockerFailoverLoadBalancerArgs["transforms"];
}

/**
 * The Docker platform's wiring: one network per Docker host, both environments (license server container or
 * external record, Web Author container) and HAProxy in front.
 */
export function buildDockerDeployment(
    parent: pulumi.ComponentResource,
    name: string,
    config: DeploymentConfig,
    plan: TopologyPlan,
    providerOf: (part: Part) => pulumi.ProviderResource | undefined,
    transforms: DockerTransforms | undefined,
): DeploymentParts {
    // One network per Docker host, created with the provider of the first part placed there.
    const networkByHost = new Map<string, docker.Network>();
    plan.hosts.forEach((host, index) => {
        const resourceName = index === 0 ? `${name}-network` : `${name}-network-${index}`;
        const provider = providerOf(host.firstPart);
        networkByHost.set(
            host.key,
            new docker.Network(resourceName, transformed(transforms?.network, { name: host.networkName, driver: "bridge" }, resourceName), {
                parent,
                ...(provider ? { provider } : {}),
            }),
        );
    });
    const networkOf = (hostKey: string) => (networkByHost.get(hostKey) as docker.Network).name;

    const licenseServerPassword = secretOutput(config.licenseServerPassword);
    const licenseServerAdminPassword = config.licenseServerAdminPassword ? secretOutput(config.licenseServerAdminPassword) : undefined;
    const adminSetupPassword = secretOutput(config.webAuthorAdminPassword);

    const environment = (role: Role, after?: Environment): Environment => {
        const envPlan = plan.environments[role];
        const provider = providerOf(role);
        const ls = config.licenseServer;
        return new Environment(
            `${name}-${role}`,
            {
                role,
                licenseServer: {
                    mode: ls.mode,
                    activationUrl: envPlan.licenseServer.activationUrl,
                    container:
                        ls.mode === "container"
                            ? {
                                  name: envPlan.licenseServer.containerName,
                                  networkName: networkOf(envPlan.hostKey),
                                  contextPath: ls.contextPath,
                                  user: ls.user,
                                  hostPort: envPlan.licenseServer.hostPort as number,
                                  publishAddress: envPlan.licenseServer.publishAddress,
                                  warUrl: ls.warUrl,
                                  image: ls.image,
                                  // Only this environment's key reaches this license server.
                                  licenseKey: secretOutput(licenseKeyFor(config, role)),
                                  userPassword: licenseServerPassword,
                                  adminPassword: licenseServerAdminPassword as pulumi.Output<string>,
                              }
                            : undefined,
                    transforms: transforms?.[role]?.licenseServer,
                },
                webAuthor: {
                    containerName: envPlan.webAuthor.containerName,
                    networkName: networkOf(envPlan.hostKey),
                    licensing: envPlan.webAuthor.licensing,
                    licenseServerPassword,
                    adminSetupPassword,
                    image: config.webAuthor.image,
                    kitUrl: config.webAuthor.kitUrl,
                    cpus: config.webAuthor.cpus,
                    memoryMb: config.webAuthor.memoryMb,
                    maxHeapMb: config.webAuthor.maxHeapMb,
                    dnsCacheTtlSeconds: config.webAuthor.dnsCacheTtlSeconds,
                    startTimeoutSeconds: config.webAuthor.startTimeoutSeconds,
                    publish: envPlan.webAuthor.publish,
                    transforms: transforms?.[role]?.webAuthor,
                },
                after,
            },
            { parent, ...(provider ? { providers: [provider] } : {}) },
        );
    };
    // Rolling changes: redundancy's parts change first, production's once redundancy's are healthy again.
    const redundancy = environment("redundancy");
    const production = environment("production", redundancy);

    const lbProvider = providerOf("loadBalancer");
    const loadBalancer = new FailoverLoadBalancer(
        `${name}-load-balancer`,
        {
            containerName: plan.loadBalancer.containerName,
            networkName: networkOf(plan.loadBalancer.hostKey),
            image: config.loadBalancer.image,
            haproxy: haproxyInputFor(config, plan),
            httpPort: config.loadBalancer.httpPort,
            metrics: metricsPublishing(config),
            tls: config.tlsCertificate ? { httpsPort: config.loadBalancer.httpsPort, certificatePem: secretOutput(config.tlsCertificate) } : undefined,
            transforms: transforms?.loadBalancer,
        },
        // The upstreams must exist before HAProxy resolves them at start.
        { parent, dependsOn: [production, redundancy], ...(lbProvider ? { providers: [lbProvider] } : {}) },
    );

    const outputsOf = (role: Role): EnvironmentOutputs => {
        const env = plan.environments[role];
        return {
            webAuthorUrl: env.webAuthor.directUrl ?? env.webAuthor.internalUrl,
            licenseServerUrl: env.licenseServer.url,
            activationUrl: env.licenseServer.activationUrl,
        };
    };
    return {
        production,
        redundancy,
        loadBalancer,
        environmentOutputs: pulumi.output({ production: outputsOf("production"), redundancy: outputsOf("redundancy") }),
        failover: undefined,
    };
}
