/**
 * The stack program as a function, so the tests run exactly what `pulumi up` runs: read and validate the
 * configuration (nothing is registered if it is invalid), make one provider per part, build the deployment.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import { RedundantWebAuthor } from "../components";
import { dockerHostKey } from "../components/config/placement";
import type { AwsDeploymentConfig, AwsTransforms, DeploymentConfig, DockerTransforms } from "../components";
import { readDeploymentConfig } from "./readStackConfig";

/** The component's name; on AWS it prefixes names limited to 32 characters, so keep it short. */
export const DEPLOYMENT_NAME = "webauthor";

/**
 * One Docker provider per Docker host the config names (the component refuses providers that disagree with the
 * hosts), named after the first part placed there: `production-docker`, then `redundancy-docker`,
 * `load-balancer-docker` for parts on other hosts.
 */
function dockerProviders(config: DeploymentConfig) {
    const byHost = new Map<string, docker.Provider>();
    const provider = (part: string, host: string | undefined) => {
        const key = dockerHostKey(host);
        const existing = byHost.get(key) ?? new docker.Provider(`${part}-docker`, host === undefined ? {} : { host });
        byHost.set(key, existing);
        return existing;
    };
    return {
        production: provider("production", config.production.dockerHost),
        redundancy: provider("redundancy", config.redundancy.dockerHost),
        loadBalancer: provider("load-balancer", config.loadBalancer.dockerHost),
    };
}

/**
 * One AWS provider per environment (each may be in its own region), one for the Route 53 failover, and one in
 * us-east-1 for the alarms on the Route 53 health checks (their metrics exist there only).
 */
function awsProviders(config: AwsDeploymentConfig) {
    const settings = config.aws;
    const provider = (part: string, region: string) => new aws.Provider(`${part}-aws`, { region });
    return {
        production: provider("production", settings.production.region ?? settings.region),
        redundancy: provider("redundancy", settings.redundancy.region ?? settings.region),
        loadBalancer: provider("failover", settings.region),
        alarms: provider("alarms", "us-east-1"),
    };
}

/**
 * @param transforms per-child escape hatches, and `opts` the component's resource options: `pulumi up` passes
 *        neither; the policy tests pass them to break the contract the way a composing user could.
 */
export function deployStack(transforms?: DockerTransforms | AwsTransforms, opts?: pulumi.ComponentResourceOptions): RedundantWebAuthor {
    const config = readDeploymentConfig();
    return new RedundantWebAuthor(
        DEPLOYMENT_NAME,
        {
            config,
            providers: config.platform === "aws" ? awsProviders(config) : dockerProviders(config),
            ...(transforms === undefined ? {} : { transforms }),
        },
        opts,
    );
}
