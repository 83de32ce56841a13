import { dockerHostKey, ROLES } from "./placement";
import type { ConfigIssue } from "./configError";
import type { DeploymentConfig } from "./schema";

/**
 * A Web Author published on its Docker host is reachable without the load balancer, so without its Admin guard and
 * its TLS. Publish one only where the topology needs it (the load balancer on another Docker host), and only on the
 * interface the config names. (That the port is then required is checked with the other placement rules.)
 * @internal
 */
export function webAuthorPublishIssues(config: DeploymentConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const lbHost = dockerHostKey(config.loadBalancer.dockerHost);
    for (const role of ROLES) {
        const env = config[role];
        if (env.webAuthorHostPort === undefined) {
            if (env.webAuthorPublishAddress !== undefined) {
                issues.push({ key: `${role}.webAuthorPublishAddress`, message: "is only used with webAuthorHostPort; remove it" });
            }
        } else if (dockerHostKey(env.dockerHost) === lbHost) {
            issues.push({
                key: `${role}.webAuthorHostPort`,
                message:
                    "publishes this Web Author although the load balancer shares its Docker host and reaches it over the Docker network; " +
                    "the port would let clients bypass the load balancer, its Admin guard and its TLS: remove it",
            });
        } else if (env.webAuthorPublishAddress === undefined) {
            issues.push({
                key: `${role}.webAuthorPublishAddress`,
                message:
                    "is required with webAuthorHostPort: the host interface the load balancer's host reaches this Web Author on, e.g. the host's private address",
            });
        }
    }
    return issues;
}
