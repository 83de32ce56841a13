import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentConfig } from "./config/schema";
import type { SecretValue } from "./config/secretValue";
import { haproxyInputFor } from "./contract/haproxyConfig";
import { LICENSE_SERVER_ORDER, licenseKeyFor, Part, planTopology, Role, TopologyPlan } from "./contract/topology";
import { Environment } from "./environment";
import { FailoverLoadBalancer, FailoverLoadBalancerArgs } from "./failoverLoadBalancer";
import type { LicenseServerArgs } from "./licenseServer";
import { Transform, transformed } from "./transform";
import type { WebAuthorArgs } from "./webAuthor";

export interface RedundantWebAuthorArgs {
    /** The validated configuration, from `parseDeploymentConfig` (or `readDeploymentConfig` in a stack). */
    readonly config: DeploymentConfig;
    /**
     * Docker providers per part. Default: the component's inherited provider (the local engine). Give each
     * environment its own to put it on its own host; the load balancer's host shares the fate of whatever else
     * runs there.
     */
    readonly providers?: { readonly production?: docker.Provider; readonly redundancy?: docker.Provider; readonly loadBalancer?: docker.Provider };
    /** Per-child escape hatches. */
    readonly transforms?: {
        readonly network?: Transform<docker.NetworkArgs>;
        readonly production?: { readonly licenseServer?: LicenseServerArgs["transforms"]; readonly webAuthor?: WebAuthorArgs["transforms"] };
        readonly redundancy?: { readonly licenseServer?: LicenseServerArgs["transforms"]; readonly webAuthor?: WebAuthorArgs["transforms"] };
        readonly loadBalancer?: FailoverLoadBalancerArgs["transforms"];
    };
}

/** What the deployment tells its user, per environment. */
export interface EnvironmentOutputs {
    /** The Web Author app: published URL if `webAuthorHostPort` is set, else its URL inside the Docker network. */
    readonly webAuthorUrl: string;
    /** The license servlet URL that the Web Authors use for this environment's server. */
    readonly licenseServerUrl: string;
    /** Where this environment's key is activated once. */
    readonly activationUrl: string;
}

/** A secret value from the config as a secret Output: the only place where a {@link SecretValue} is revealed. */
function secretOutput(value: SecretValue): pulumi.Output<string> {
    return pulumi.secret(value.reveal());
}

/**
 * The vendor's redundancy deployment of Web Author in one component: a production and a redundancy environment
 * (license server + Web Author each) and a failover load balancer, wired from the contract in `contract/`.
 */
export class RedundantWebAuthor extends pulumi.ComponentResource {
    /** The URL users open. */
    readonly publicUrl: pulumi.Output<string>;
    /** The Admin page through the load balancer (403 unless `loadBalancer.adminAllowedSources` allows the client). */
    readonly adminUrl: pulumi.Output<string>;
    /** Which license server is main and which is backup, and their URLs, as every Web Author uses them. */
    readonly licensing: pulumi.Output<{ main: Role; backup: Role; mainUrl: string; backupUrl: string }>;
    readonly environmentOutputs: pulumi.Output<Record<Role, EnvironmentOutputs>>;
    readonly production: Environment;
    readonly redundancy: Environment;
    readonly loadBalancer: FailoverLoadBalancer;
    /** The derived plan, for inspection and tests. */
    readonly plan: TopologyPlan;

    constructor(name: string, args: RedundantWebAuthorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:RedundantWebAuthor", name, {}, opts);
        const config = args.config;
        const plan = planTopology(config, name);
        this.plan = plan;
        const providerOf = (part: Part) => args.providers?.[part];

        // One network per Docker host, created with the provider of the first part placed there.
        const networkByHost = new Map<string, docker.Network>();
        plan.hosts.forEach((host, index) => {
            const resourceName = index === 0 ? `${name}-network` : `${name}-network-${index}`;
            const provider = providerOf(host.firstPart);
            networkByHost.set(
                host.key,
                new docker.Network(resourceName, transformed(args.transforms?.network, { name: host.networkName, driver: "bridge" }, resourceName), {
                    parent: this,
                    ...(provider ? { provider } : {}),
                }),
            );
        });
        const networkOf = (hostKey: string) => (networkByHost.get(hostKey) as docker.Network).name;

        const licenseServerPassword = secretOutput(config.licenseServerPassword);
        const licenseServerAdminPassword = config.licenseServerAdminPassword ? secretOutput(config.licenseServerAdminPassword) : undefined;
        const adminSetupPassword = secretOutput(config.webAuthorAdminPassword);

        const environment = (role: Role): Environment => {
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
                                      publishAddress: ls.publishAddress,
                                      warUrl: ls.warUrl,
                                      image: ls.image,
                                      // Only this environment's key reaches this license server.
                                      licenseKey: secretOutput(licenseKeyFor(config, role)),
                                      userPassword: licenseServerPassword,
                                      adminPassword: licenseServerAdminPassword as pulumi.Output<string>,
                                  }
                                : undefined,
                        transforms: args.transforms?.[role]?.licenseServer,
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
                        hostPort: envPlan.webAuthor.hostPort,
                        transforms: args.transforms?.[role]?.webAuthor,
                    },
                },
                { parent: this, ...(provider ? { providers: [provider] } : {}) },
            );
        };
        this.production = environment("production");
        this.redundancy = environment("redundancy");

        const lbProvider = providerOf("loadBalancer");
        this.loadBalancer = new FailoverLoadBalancer(
            `${name}-load-balancer`,
            {
                containerName: plan.loadBalancer.containerName,
                networkName: networkOf(plan.loadBalancer.hostKey),
                image: config.loadBalancer.image,
                haproxy: haproxyInputFor(config, plan),
                httpPort: config.loadBalancer.httpPort,
                tls: config.tlsCertificate ? { httpsPort: config.loadBalancer.httpsPort, certificatePem: secretOutput(config.tlsCertificate) } : undefined,
                transforms: args.transforms?.loadBalancer,
            },
            // The upstreams must exist before HAProxy resolves them at start.
            { parent: this, dependsOn: [this.production, this.redundancy], ...(lbProvider ? { providers: [lbProvider] } : {}) },
        );

        this.publicUrl = pulumi.output(plan.loadBalancer.publicUrl);
        this.adminUrl = pulumi.output(plan.loadBalancer.adminUrl);
        const production = plan.environments.production;
        this.licensing = pulumi.output({
            main: LICENSE_SERVER_ORDER.main,
            backup: LICENSE_SERVER_ORDER.backup,
            mainUrl: production.webAuthor.licensing.mainUrl,
            backupUrl: production.webAuthor.licensing.backupUrl,
        });
        const outputsOf = (role: Role): EnvironmentOutputs => {
            const env = plan.environments[role];
            return {
                webAuthorUrl: env.webAuthor.directUrl ?? env.webAuthor.internalUrl,
                licenseServerUrl: env.licenseServer.url,
                activationUrl: env.licenseServer.activationUrl,
            };
        };
        this.environmentOutputs = pulumi.output({ production: outputsOf("production"), redundancy: outputsOf("redundancy") });
        this.registerOutputs({
            publicUrl: this.publicUrl,
            adminUrl: this.adminUrl,
            licensing: this.licensing,
            environments: this.environmentOutputs,
        });
    }
}
