/**
 * The stack program as a function, so the tests run exactly what `pulumi up` runs: read and validate the
 * configuration (nothing is registered if it is invalid), make one Docker provider per part, build the deployment.
 */
import * as docker from "@pulumi/docker";
import { readDeploymentConfig, RedundantWebAuthor } from "../components";

export function deployStack(): RedundantWebAuthor {
    const config = readDeploymentConfig();
    const provider = (part: string, host: string | undefined) => new docker.Provider(`${part}-docker`, host === undefined ? {} : { host });
    return new RedundantWebAuthor("webauthor", {
        config,
        providers: {
            production: provider("production", config.production.dockerHost),
            redundancy: provider("redundancy", config.redundancy.dockerHost),
            loadBalancer: provider("load-balancer", config.loadBalancer.dockerHost),
        },
    });
}
