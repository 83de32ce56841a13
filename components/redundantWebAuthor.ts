import * as pulumi from "@pulumi/pulumi";
import { componentNameIssues } from "./platforms/shared/componentArgs";
import { ConfigValidationError } from "./config/configError";
import { LICENSE_SERVER_ORDER, Part, Role, ROLES } from "./contract/topology";
import { rollingEnvironments } from "./contract/rollingOrder";
import type { TopologyPlan } from "./platforms/shared/topology";
import { Environment } from "./environment";
import { FailoverLoadBalancer } from "./failoverLoadBalancer";
import { implementationFor, PlatformName, PlatformTypeMap, providerKind } from "./platforms/registry";
import type { EnvironmentOutputs } from "./platforms/shared/platform";

/** The types of platform `P` (or of every platform, for a config not narrowed to one). */
type TypesOf<P extends PlatformName> = PlatformTypeMap[P];

export interface RedundantWebAuthorArgs<P extends PlatformName = PlatformName> {
    /** The validated configuration, from `parseDeploymentConfig` (or a stack's config reader). Its `platform` picks the implementation. */
    readonly config: TypesOf<P>["config"];
    /**
     * Providers per part: `docker.Provider`s on Docker, `aws.Provider`s on AWS. Default: the component's inherited
     * provider.
     *
     * On Docker the config's `*.dockerHost` keys say where each part runs (they decide networks, container DNS and
     * published ports), and the providers must agree with them: parts with the same `dockerHost` (or none) share one
     * provider object (or all inherit one), parts with different `dockerHost`s get different providers, each connected
     * to its part's host. Anything else is refused before registration. The load balancer's host shares the fate of
     * whatever else runs there.
     *
     * On AWS, production's provider also creates the shared network and private zone (in `aws.region`), and the load
     * balancer's creates the Route 53 failover; one provider for two environments in different regions is refused.
     */
    readonly providers?: {
        readonly production?: pulumi.ProviderResource;
        readonly redundancy?: pulumi.ProviderResource;
        readonly loadBalancer?: pulumi.ProviderResource;
        /**
         * AWS: a provider in us-east-1 for the alarms on the Route 53 health checks (their metrics exist there only).
         * Default: one the component makes, with the ambient credentials.
         */
        readonly alarms?: pulumi.ProviderResource;
    };
    /**
     * Per-child escape hatches of the config's platform (`DockerTransforms`, `AwsTransforms`), e.g.
     * `{ production: { webAuthor: { container } } }` on Docker, `{ production: { webAuthorService: { service } } }` on AWS.
     */
    readonly transforms?: TypesOf<P>["transforms"];
}

/** Per environment: the neutral URLs, and the platform's own extras (AWS: the ALB's and license server's names). */
export type EnvironmentOutputsOf<P extends PlatformName> = EnvironmentOutputs & TypesOf<P>["environmentOutputs"];

/**
 * The vendor's redundancy deployment of Web Author in one component: a production and a redundancy environment
 * (license server + Web Author each) and what fails users over between them, wired from the contract in `contract/`
 * by the platform the config names (HAProxy on Docker; ALBs and Route 53 failover on AWS). It holds no platform
 * branch: the registry (`platforms/registry.ts`) hands it the platform's parts.
 */
export class RedundantWebAuthor<P extends PlatformName = PlatformName> extends pulumi.ComponentResource {
    /** The URL users open. */
    readonly publicUrl: pulumi.Output<string>;
    /** The Admin page through the public URL (403 unless `loadBalancer.adminAllowedSources` allows the client). */
    readonly adminUrl: pulumi.Output<string>;
    /** Which license server is main and which is backup, and their URLs, as every Web Author uses them. */
    readonly licensing: pulumi.Output<{ main: Role; backup: Role; mainUrl: string; backupUrl: string }>;
    readonly environmentOutputs: pulumi.Output<Record<Role, EnvironmentOutputsOf<P>>>;
    readonly production: Environment<TypesOf<P>["licenseServer"], TypesOf<P>["webAuthor"]>;
    readonly redundancy: Environment<TypesOf<P>["licenseServer"], TypesOf<P>["webAuthor"]>;
    readonly loadBalancer: FailoverLoadBalancer<TypesOf<P>["loadBalancer"]>;
    /** What the platform shares between the environments (Docker: networks; AWS: networks, security groups, zone). */
    readonly shared: TypesOf<P>["shared"];
    /** The platform's own outputs (AWS: `failover`, the Route 53 check and records, and `awsPlan`). */
    readonly platformOutputs: TypesOf<P>["outputs"];
    /** The derived plan, for inspection and tests. */
    readonly plan: TopologyPlan;

    constructor(name: string, args: RedundantWebAuthorArgs<P>, opts?: pulumi.ComponentResourceOptions) {
        const config = args.config;
        const platform = implementationFor<P>(config);
        const providerOf = (part: Part | "alarms") => args.providers?.[part];
        // The arguments first, against the config: nothing may be registered for a deployment that cannot work.
        const issues = [
            ...componentNameIssues(name, config.platform, platform.maxComponentNameLength),
            ...platform.argumentIssues(config, providerOf, providerKind),
        ];
        if (issues.length > 0) throw new ConfigValidationError(`RedundantWebAuthor "${name}"`, issues, "arguments");
        const deployment = platform.plan(config, name, providerOf, args.transforms);
        const plan = deployment.topology;
        super("oxygen-webauthor-ha:index:RedundantWebAuthor", name, {}, opts);
        this.plan = plan;

        this.shared = deployment.shared(this);
        const children = (env: Environment<TypesOf<P>["licenseServer"], TypesOf<P>["webAuthor"]>) => ({
            licenseServer: env.licenseServer.children,
            webAuthor: env.webAuthor.children,
        });
        // Rolling changes (contract/rollingOrder.ts): the environments in the order their parts change, each waiting
        // for the one before it to be healthy again.
        const built = new Map<Role, Environment<TypesOf<P>["licenseServer"], TypesOf<P>["webAuthor"]>>();
        let waitFor: readonly pulumi.Resource[] = [];
        for (const role of rollingEnvironments()) {
            const provider = providerOf(role);
            const parts = deployment.environment(role, this.shared);
            const environment = new Environment(
                `${name}-${role}`,
                { role, ...parts, waitFor },
                { parent: this, ...(provider ? { providers: [provider] } : {}) },
            );
            built.set(role, environment);
            waitFor = environment.healthy;
        }
        const environmentOf = (role: Role) => {
            const environment = built.get(role);
            if (environment === undefined) throw new Error(`the rolling order leaves out ${role}`);
            return environment;
        };
        this.redundancy = environmentOf("redundancy");
        this.production = environmentOf("production");
        const environments = { production: children(this.production), redundancy: children(this.redundancy) };
        const lbPart = deployment.loadBalancer(this.shared, environments);
        const lbProvider = providerOf("loadBalancer");
        this.loadBalancer = new FailoverLoadBalancer(
            `${name}-${lbPart.suffix}`,
            { part: lbPart },
            // The Web Authors must exist before the load balancer sends users to them.
            { parent: this, dependsOn: [this.production, this.redundancy], ...(lbProvider ? { providers: [lbProvider] } : {}) },
        );
        this.platformOutputs = deployment.outputs(this.loadBalancer.children);

        const outputsOf = (role: Role, env: Environment<TypesOf<P>["licenseServer"], TypesOf<P>["webAuthor"]>) =>
            pulumi
                .all([env.webAuthor.url, deployment.environmentOutputs(role, environments[role])])
                .apply(([webAuthorUrl, extras]): EnvironmentOutputsOf<P> => ({
                    webAuthorUrl,
                    licenseServerUrl: plan.environments[role].licenseServer.url,
                    activationUrl: plan.environments[role].licenseServer.activationUrl,
                    ...extras,
                }));
        this.environmentOutputs = pulumi
            .all(ROLES.map((role) => outputsOf(role, role === "production" ? this.production : this.redundancy)))
            .apply(([production, redundancy]) => ({ production, redundancy }));

        this.publicUrl = pulumi.output(plan.loadBalancer.publicUrl);
        this.adminUrl = pulumi.output(plan.loadBalancer.adminUrl);
        const production = plan.environments.production;
        this.licensing = pulumi.output({
            main: LICENSE_SERVER_ORDER.main,
            backup: LICENSE_SERVER_ORDER.backup,
            mainUrl: production.webAuthor.licensing.mainUrl,
            backupUrl: production.webAuthor.licensing.backupUrl,
        });
        this.registerOutputs({
            publicUrl: this.publicUrl,
            adminUrl: this.adminUrl,
            licensing: this.licensing,
            environments: this.environmentOutputs,
            ...this.platformOutputs,
        });
    }
}
