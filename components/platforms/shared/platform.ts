import type * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue } from "../../config/configError";
import type { Part as DeploymentPart, Role } from "../../contract/topology";
import type { TopologyPlan } from "./topology";

/**
 * The surface every platform implements, and nothing more (pulumi-cloud's lesson: a shared surface that grows wide
 * stops fitting any platform). A platform turns the contract's plan into *parts*: each part registers its children
 * under the neutral component that holds it and hands back those children, typed on the platform's side. The neutral
 * components (`components/*.ts`) build the tree; a platform never constructs one.
 */

/** One piece of the deployment as a platform builds it. */
export interface PartBuilder<Children> {
    /** Registers the part's children under `parent` (the neutral component), each named after `name`. */
    build(parent: pulumi.ComponentResource, name: string): Children;
    /** What the neutral component registers as its outputs, from the children (e.g. a container or ALB name). */
    outputs(children: Children): pulumi.Inputs;
}

/**
 * A part of an environment: it changes in the rolling order (contract/rollingOrder.ts, `ROLLING_SEQUENCE`), so it is
 * built after the part before it and told what to wait for.
 */
export interface EnvironmentPartBuilder<Children> {
    /**
     * Registers the part's children under `parent`, each named after `name`. `waitFor`: what the resources whose
     * change restarts the part (a container, an instance, a service) must wait for (Pulumi `dependsOn`): the resource
     * that says the part before it is healthy again. Other children (images, load balancers, secrets) need not wait.
     */
    build(parent: pulumi.ComponentResource, name: string, waitFor: readonly pulumi.Resource[]): Children;
    /** What the neutral component registers as its outputs, from the children. */
    outputs(children: Children): pulumi.Inputs;
    /**
     * The child whose creation or change completes only once the part is healthy again (a container with `wait`, an
     * ECS service with `waitForSteadyState`, an EC2 license server's readiness gate): what the next part waits for.
     * Undefined when nothing of the deployment's runs it (an external license server); the next part then waits for
     * what this one waited for.
     */
    healthy(children: Children): pulumi.Resource | undefined;
}

/** A license server as a platform runs it (or records it, for an external one). */
export interface LicenseServerPart<Children> extends EnvironmentPartBuilder<Children> {
    /** The page where this environment's key is pasted and activated once. */
    readonly activationUrl: string;
    /** The license servlet URL the Web Authors use for this server. */
    readonly url: string;
}

/** A Web Author as a platform runs it. */
export interface WebAuthorPart<Children> extends EnvironmentPartBuilder<Children> {
    /** The Web Author app, bypassing the failover: its own published address, container URL or load balancer. */
    url(children: Children): pulumi.Input<string>;
}

/** What sends users to production, and to redundancy only while production is down. */
export interface LoadBalancerPart<Children> extends PartBuilder<Children> {
    /** The component's name after the deployment's: `<name>-<suffix>`. */
    readonly suffix: string;
}

/** What the deployment tells its user about each environment, whatever the platform. */
export interface EnvironmentOutputs {
    /**
     * The Web Author app, bypassing the failover: Docker: the published URL if `webAuthorHostPort` is set, else the
     * URL inside the Docker network; AWS: the environment's ALB.
     */
    readonly webAuthorUrl: string;
    /** The license servlet URL that the Web Authors use for this environment's server. */
    readonly licenseServerUrl: string;
    /** Where this environment's key is activated once. */
    readonly activationUrl: string;
}

/** The children of one environment, as its platform typed them. */
export interface EnvironmentChildren<LicenseServer, WebAuthor> {
    readonly licenseServer: LicenseServer;
    readonly webAuthor: WebAuthor;
}

/**
 * The types one platform fills in. `config` is its member of the configuration union; the others are what its parts
 * hand back, what its transforms look like, and what it tells users beyond the neutral outputs.
 */
export interface PlatformTypes {
    readonly config: { readonly platform: string };
    /** Children of the top-level component that both environments use (networks, security groups, zones). */
    readonly shared: unknown;
    readonly licenseServer: unknown;
    readonly webAuthor: unknown;
    readonly loadBalancer: unknown;
    /** Per-environment outputs beyond {@link EnvironmentOutputs} (AWS: the ALB's and license server's names). */
    readonly environmentOutputs: object;
    /** Deployment-wide outputs beyond the neutral ones (AWS: the Route 53 failover). */
    readonly outputs: object;
    /** Per-child escape hatches. */
    readonly transforms: object;
}

/**
 * The provider a part of the deployment runs with: the one passed for it, or undefined to inherit. `alarms`: AWS's
 * provider in us-east-1 for the alarms on the Route 53 health checks.
 */
export type ProviderOf = (part: DeploymentPart | "alarms") => pulumi.ProviderResource | undefined;

/** One deployment on one platform, planned: the parts in the order the neutral components build them. */
export interface PlatformDeployment<T extends PlatformTypes> {
    /** The contract's plan of the topology for this config (`planTopology`): names, URLs, who is main and backup. */
    readonly topology: TopologyPlan;
    /** Registers what both environments share under the top-level component. */
    shared(parent: pulumi.ComponentResource): T["shared"];
    /**
     * One environment's license server and Web Author. The neutral components build them in the rolling order
     * (contract/rollingOrder.ts), each part waiting for the one before it, possibly in the other environment.
     */
    environment(
        role: Role,
        shared: T["shared"],
    ): { readonly licenseServer: LicenseServerPart<T["licenseServer"]>; readonly webAuthor: WebAuthorPart<T["webAuthor"]> };
    /** The failover in front of both Web Authors. */
    loadBalancer(
        shared: T["shared"],
        environments: Readonly<Record<Role, EnvironmentChildren<T["licenseServer"], T["webAuthor"]>>>,
    ): LoadBalancerPart<T["loadBalancer"]>;
    /** Per-environment outputs beyond the neutral ones. */
    environmentOutputs(role: Role, children: EnvironmentChildren<T["licenseServer"], T["webAuthor"]>): pulumi.Output<T["environmentOutputs"]>;
    /** Deployment-wide outputs beyond the neutral ones. */
    outputs(loadBalancer: T["loadBalancer"]): T["outputs"];
}

/** What a platform is: the checks it makes before anything is registered, and its plan. */
export interface PlatformImplementation<T extends PlatformTypes> {
    /** The longest component name this platform's naming allows, and why (printed when a name is longer). */
    readonly maxComponentNameLength: { readonly length: number; readonly why: (name: string) => string };
    /** Whether `provider` is this platform's kind of provider (e.g. a `docker.Provider`). */
    ownsProvider(provider: object): boolean;
    /**
     * The providers passed, checked against the config (before registration: a provider's settings are Outputs).
     * `kindOf` names a provider's platform, for messages.
     */
    argumentIssues(config: T["config"], providerOf: ProviderOf, kindOf: (provider: object) => string): ConfigIssue[];
    /** The platform's plan for `config`: pure, registers nothing. */
    plan(config: T["config"], name: string, providerOf: ProviderOf, transforms: T["transforms"] | undefined): PlatformDeployment<T>;
}
