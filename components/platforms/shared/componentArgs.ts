import { PARTS, Part, ROLES } from "../../contract/topology";
import { containerNames, dockerHostKey } from "./topology";
import type { ConfigIssue } from "../../config/configError";
import type { AwsDeploymentConfig, DockerDeploymentConfig } from "../../config/schema";

/**
 * Checks of the top-level component's own arguments (its name, its providers) against the validated config: what
 * the config schema cannot see, checked before the component registers anything. Pure: providers are compared by
 * identity and described by a kind the caller reads from them.
 */

/**
 * A DNS label: what Docker's embedded DNS, HAProxy's resolvers and Web Author resolve a container name as.
 * @internal
 */
export const MAX_DNS_LABEL_LENGTH = 63;

/** The longest name derived from the component's name: `<name>-redundancy-license-server`. */
const LONGEST_SUFFIX = containerNames("", "redundancy").licenseServer.length;

/**
 * The longest component name on Docker: its longest container name must still be one DNS label.
 * @internal
 */
export const MAX_DOCKER_NAME_LENGTH = MAX_DNS_LABEL_LENGTH - LONGEST_SUFFIX;

/**
 * The component's name prefixes container, network and volume names (Docker), and ALB, role and secret names (AWS):
 * letters, digits and inner hyphens, short enough for the tightest limit on its platform (`max`, from the platform).
 * @internal
 */
export function componentNameIssues(name: string, platform: string, max: { readonly length: number; readonly why: (name: string) => string }): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name)) {
        issues.push({
            key: "name",
            message: `is "${name}"; the component's name prefixes container and host names, so use letters, digits and inner hyphens only (no spaces, dots or underscores)`,
        });
    }
    if (name.length > max.length) {
        issues.push({ key: "name", message: `has ${name.length} characters; on ${platform} it may have at most ${max.length}, because ${max.why(name)}` });
    }
    return issues;
}

/**
 * The provider a part runs with: the one passed for it, or undefined for the component's inherited provider.
 * @internal
 */
export type ProvidersOf = (part: Part) => object | undefined;

const CONFIG_KEY: Record<Part, string> = { production: "production.dockerHost", redundancy: "redundancy.dockerHost", loadBalancer: "loadBalancer.dockerHost" };

function hostOf(config: DockerDeploymentConfig, part: Part): string {
    return dockerHostKey(part === "loadBalancer" ? config.loadBalancer.dockerHost : config[part].dockerHost);
}

function describeHost(hostKey: string): string {
    return hostKey === dockerHostKey(undefined) ? "the local engine (no dockerHost set)" : hostKey;
}

/**
 * Docker placement that cannot disagree. A docker.Provider's host is an Output, unknown before registration, so the
 * rule compares what can be compared: the Docker hosts the config names and the identity of the providers passed.
 * Both must partition the parts the same way: parts with the same `dockerHost` share one provider object (or all use
 * the inherited one), and parts with different `dockerHost`s have different providers. Each provider must be a
 * Docker provider. The config's hosts then decide networks, container DNS and published ports.
 * @internal
 */
export function dockerPlacementIssues(config: DockerDeploymentConfig, providerOf: ProvidersOf, kindOf: (provider: object) => string): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const part of PARTS) {
        const provider = providerOf(part);
        if (provider !== undefined && kindOf(provider) !== "docker") {
            issues.push({ key: `providers.${part}`, message: `is a ${kindOf(provider)} provider; the docker platform needs a docker.Provider` });
        }
    }
    PARTS.forEach((part, index) => {
        const earlier = PARTS.slice(0, index);
        const sameHostOtherProvider = earlier.find((other) => hostOf(config, other) === hostOf(config, part) && providerOf(other) !== providerOf(part));
        const sameProviderOtherHost = earlier.find((other) => hostOf(config, other) !== hostOf(config, part) && providerOf(other) === providerOf(part));
        const uses = (p: Part) => (providerOf(p) === undefined ? "the component's inherited provider" : `providers.${p}`);
        if (sameHostOtherProvider !== undefined) {
            const other = sameHostOtherProvider;
            issues.push({
                key: `providers.${part}`,
                message: `${providerOf(part) === undefined ? "is not given" : "is given"}, so ${part} uses ${uses(part)} and ${other} uses ${uses(other)}, yet the config places both on ${describeHost(hostOf(config, part))}; set ${CONFIG_KEY[part]} to the Docker host this provider connects to, or give both parts the same provider`,
            });
        } else if (sameProviderOtherHost !== undefined) {
            const other = sameProviderOtherHost;
            issues.push({
                key: CONFIG_KEY[part],
                message: `places ${part} on ${describeHost(hostOf(config, part))} and ${other} on ${describeHost(hostOf(config, other))}, but both use ${uses(part)}; pass providers.${part}, a docker.Provider for ${describeHost(hostOf(config, part))}`,
            });
        }
    });
    return issues;
}

/**
 * AWS placement: the component cannot read a provider's region before registration either, so one provider object
 * used for two environments whose configured regions differ is refused. (Different providers for one region are
 * fine.) Each provider must be an AWS provider.
 * @internal
 */
export function awsPlacementIssues(config: AwsDeploymentConfig, providerOf: ProvidersOf, kindOf: (provider: object) => string): ConfigIssue[] {
    const aws = config.aws;
    const issues: ConfigIssue[] = [];
    for (const part of PARTS) {
        const provider = providerOf(part);
        if (provider !== undefined && kindOf(provider) !== "aws") {
            issues.push({ key: `providers.${part}`, message: `is a ${kindOf(provider)} provider; the aws platform needs an aws.Provider` });
        }
    }
    const [prodRegion, redRegion] = ROLES.map((role) => aws[role].region ?? aws.region);
    if (providerOf("production") === providerOf("redundancy") && prodRegion !== redRegion) {
        issues.push({
            key: "providers.redundancy",
            message: `is the same provider as production's, but the config puts production in ${prodRegion} and redundancy in ${redRegion}; pass an aws.Provider for ${redRegion}`,
        });
    }
    return issues;
}
