import type { ConfigIssue } from "./configError";
import type { DeploymentConfig } from "./schema";

/**
 * Keys that are valid in general but mean nothing for the chosen platform or license-server mode. Set anyway, they
 * would be silently ignored, so they are rejected, naming why. Checked on the raw values, because the parsed config
 * has every default filled in and cannot tell a set key from a default.
 */

/**
 * Keys only the Docker platform reads (HAProxy, Docker hosts, published ports, container-mode license servers).
 * @internal
 */
export const DOCKER_ONLY_KEYS = [
    "production.dockerHost",
    "production.address",
    "production.licenseServerHostPort",
    "production.licenseServerPublishAddress",
    "production.webAuthorHostPort",
    "production.webAuthorPublishAddress",
    "redundancy.dockerHost",
    "redundancy.address",
    "redundancy.licenseServerHostPort",
    "redundancy.licenseServerPublishAddress",
    "redundancy.webAuthorHostPort",
    "redundancy.webAuthorPublishAddress",
    "licenseServer.image",
    "licenseServer.publishAddress",
    "loadBalancer.dockerHost",
    "loadBalancer.image",
    "loadBalancer.httpPort",
    "loadBalancer.httpsPort",
    "loadBalancer.healthCheck",
    "loadBalancer.stickyCookieName",
    "loadBalancer.connectTimeoutMs",
    "loadBalancer.serverTimeoutSeconds",
    "loadBalancer.metrics",
    "tlsCertificate",
] as const;

/** What AWS uses instead, where something does. */
const ON_AWS_INSTEAD: Partial<Record<(typeof DOCKER_ONLY_KEYS)[number], string>> = {
    "loadBalancer.healthCheck": "on AWS the ALBs and Route 53 check health: aws.targetGroupHealthCheck and aws.failoverHealthCheck",
    "loadBalancer.stickyCookieName": "on AWS the ALBs' own stickiness cookie is used: aws.stickinessSeconds",
    "loadBalancer.httpPort": "on AWS the ALBs listen on 80 and 443",
    "loadBalancer.httpsPort": "on AWS the ALBs listen on 80 and 443",
    tlsCertificate: "on AWS the ALBs use aws.certificateArn (an ACM certificate)",
    "loadBalancer.metrics": "on AWS CloudWatch alarms watch the Route 53 health checks: aws.alarms",
};

/**
 * Keys only a `container`-mode license server reads (on Docker).
 * @internal
 */
export const CONTAINER_MODE_KEYS = [
    "licenseServer.warUrl",
    "licenseServer.image",
    "licenseServer.publishAddress",
    "production.licenseServerHostPort",
    "production.licenseServerPublishAddress",
    "redundancy.licenseServerHostPort",
    "redundancy.licenseServerPublishAddress",
] as const;

function isSet(values: Readonly<Record<string, unknown>>, key: string): boolean {
    let current: unknown = values;
    for (const part of key.split(".")) {
        if (typeof current !== "object" || current === null) return false;
        current = (current as Record<string, unknown>)[part];
    }
    return current !== undefined;
}

/** @internal */
export function unusedKeyIssues(values: Readonly<Record<string, unknown>>, config: DeploymentConfig): ConfigIssue[] {
    if (config.platform === "aws") {
        return DOCKER_ONLY_KEYS.filter((key) => isSet(values, key)).map((key) => ({
            key,
            message: `is only used on the docker platform${ON_AWS_INSTEAD[key] ? `; ${ON_AWS_INSTEAD[key]}` : ""}`,
        }));
    }
    if (config.licenseServer.mode === "external") {
        return CONTAINER_MODE_KEYS.filter((key) => isSet(values, key)).map((key) => ({
            key,
            message: "is only used when licenseServer.mode is `container`; external license servers are yours to publish",
        }));
    }
    return [];
}
