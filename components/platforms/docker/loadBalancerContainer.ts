import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HAPROXY_CONTAINER_PORTS, HAPROXY_PATHS } from "./haproxy";
import { createChild, Transform } from "../shared/transform";

export interface DockerLoadBalancerInputs {
    /** Docker container name of the HAProxy container. */
    readonly containerName: string;
    /** Docker network of its host; same-host Web Authors are resolved there by Docker's DNS. */
    readonly networkName: pulumi.Input<string>;
    /** HAProxy image. Default in the schema: `haproxy:3.0.11` (pinned). */
    readonly image: string;
    /** The rendered haproxy.cfg (holds no secret). */
    readonly haproxyConfig: string;
    /** The rendered 503 page (a whole HTTP response). */
    readonly unavailablePage: string;
    /** The rendered Lua action that decides on production's 503s (loaded by haproxy.cfg). */
    readonly productionVerdict: string;
    /** Public HTTP port on the Docker host. Default in the schema: 80. */
    readonly httpPort: number;
    /** TLS termination: public HTTPS port and the PEM bundle (certificate, chain, key) as a secret Output. */
    readonly tls?: { readonly httpsPort: number; readonly certificatePem: pulumi.Input<string> };
    /** Per-child escape hatches: adjust the image pull or the container's args. */
    readonly transforms?: {
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
}

/**
 * The HAProxy container. The configuration is uploaded as a file, so a config change replaces the container
 * (a second or two without a load balancer); the Web Authors and their sessions are untouched.
 */
export function createDockerLoadBalancer(parent: pulumi.Resource, name: string, inputs: DockerLoadBalancerInputs) {
    const imageName = `${name}-image`;
    const image = createChild(docker.RemoteImage, imageName, { name: inputs.image, keepLocally: true }, { parent }, inputs.transforms?.image);
    const uploads: docker.types.input.ContainerUpload[] = [
        { file: HAPROXY_PATHS.config, content: inputs.haproxyConfig },
        { file: HAPROXY_PATHS.unavailablePage, content: inputs.unavailablePage },
        { file: HAPROXY_PATHS.productionVerdict, content: inputs.productionVerdict },
    ];
    const ports: docker.types.input.ContainerPort[] = [{ internal: HAPROXY_CONTAINER_PORTS.http, external: inputs.httpPort }];
    if (inputs.tls) {
        // The image runs HAProxy as the unprivileged `haproxy` user, the container's only process, which must read it.
        uploads.push({ file: HAPROXY_PATHS.certificate, content: inputs.tls.certificatePem, permissions: "0444" });
        ports.push({ internal: HAPROXY_CONTAINER_PORTS.https, external: inputs.tls.httpsPort });
    }
    const containerName = `${name}-container`;
    const container = createChild(
        docker.Container,
        containerName,
        {
            name: inputs.containerName,
            image: image.imageId,
            restart: "unless-stopped",
            networksAdvanced: [{ name: inputs.networkName }],
            ports,
            uploads,
        },
        { parent },
        inputs.transforms?.container,
    );
    return { image, container };
}
