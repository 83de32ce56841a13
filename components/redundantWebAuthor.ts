import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { awsPlacementIssues, componentNameIssues, dockerPlacementIssues } from "./config/componentArgs";
import { ConfigValidationError } from "./config/configError";
import type { DeploymentConfig } from "./config/schema";
import { AwsPlan, planAws } from "./contract/awsPlan";
import { LICENSE_SERVER_ORDER, Part, planTopology, Role, TopologyPlan } from "./contract/topology";
import { AwsTransforms, buildAwsDeployment } from "./deployment/awsDeployment";
import { buildDockerDeployment, DockerTransforms } from "./deployment/dockerDeployment";
import type { EnvironmentOutputs, FailoverOutputs } from "./deployment/parts";
import type { Environment } from "./environment";
import type { FailoverLoadBalancer } from "./failoverLoadBalancer";

export interface RedundantWebAuthorArgs {
    /** The validated configuration, from `parseDeploymentConfig` (or `readDeploymentConfig` in a stack). */
    readonly config: DeploymentConfig;
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
    /** Per-child escape hatches: Docker children at the top level, AWS children under `aws`. */
    readonly transforms?: DockerTransforms & { readonly aws?: AwsTransforms };
}

export type { EnvironmentOutputs, FailoverOutputs };

/** What kind of provider a part got, for the placement check (which cannot read the provider's settings yet). */
function providerKind(provider: object): string {
    if (docker.Provider.isInstance(provider)) return "docker";
    if (aws.Provider.isInstance(provider)) return "aws";
    return "non-Docker, non-AWS";
}

function argumentIssues(name: string, args: RedundantWebAuthorArgs) {
    const providerOf = (part: Part) => args.providers?.[part];
    const placement = args.config.platform === "aws" ? awsPlacementIssues : dockerPlacementIssues;
    return [...componentNameIssues(name, args.config.platform), ...placement(args.config, providerOf, providerKind)];
}

/**
 * The vendor's redundancy deployment of Web Author in one component: a production and a redundancy environment
 * (license server + Web Author each) and what fails users over between them, wired from the contract in `contract/`
 * by the platform named in the config (HAProxy on Docker; ALBs and Route 53 failover on AWS).
 */
export class RedundantWebAuthor extends pulumi.ComponentResource {
    /** The URL users open. */
    readonly publicUrl: pulumi.Output<string>;
    /** The Admin page through the public URL (403 unless `loadBalancer.adminAllowedSources` allows the client). */
    readonly adminUrl: pulumi.Output<string>;
    /** Which license server is main and which is backup, and their URLs, as every Web Author uses them. */
    readonly licensing: pulumi.Output<{ main: Role; backup: Role; mainUrl: string; backupUrl: string }>;
    readonly environmentOutputs: pulumi.Output<Record<Role, EnvironmentOutputs>>;
    /** AWS: the Route 53 health check and failover records. Docker: undefined. */
    readonly failover: pulumi.Output<FailoverOutputs> | undefined;
    readonly production: Environment;
    readonly redundancy: Environment;
    readonly loadBalancer: FailoverLoadBalancer;
    /** The derived plan, for inspection and tests. */
    readonly plan: TopologyPlan;
    /** AWS: the derived AWS plan. */
    readonly awsPlan: AwsPlan | undefined;

    constructor(name: string, args: RedundantWebAuthorArgs, opts?: pulumi.ComponentResourceOptions) {
        // The arguments first, against the config: nothing may be registered for a deployment that cannot work.
        const issues = argumentIssues(name, args);
        if (issues.length > 0) throw new ConfigValidationError(`RedundantWebAuthor "${name}"`, issues, "arguments");
        const plan = planTopology(args.config, name);
        const awsPlan = args.config.platform === "aws" ? planAws(args.config, name) : undefined;
        super("oxygen-webauthor-ha:index:RedundantWebAuthor", name, {}, opts);
        this.plan = plan;
        this.awsPlan = awsPlan;
        const providerOf = (part: Part) => args.providers?.[part];
        const parts =
            awsPlan !== undefined
                ? buildAwsDeployment(this, name, args.config, plan, awsPlan, providerOf, args.transforms?.aws, args.providers?.alarms)
                : buildDockerDeployment(this, name, args.config, plan, providerOf, args.transforms);
        this.production = parts.production;
        this.redundancy = parts.redundancy;
        this.loadBalancer = parts.loadBalancer;
        this.environmentOutputs = parts.environmentOutputs;
        this.failover = parts.failover;

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
            failover: this.failover,
        });
    }
}
