import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HAPROXY_CONTAINER_PORTS, HAPROXY_PATHS } from "./haproxy";
import { createChild, Transform } from "../shared/transform";
import { createConfigWriter, reloadingContainerArgs } from "./loadBalancerReload";

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
    /**
     * Publish the metrics frontend (Prometheus exporter and stats page, container port 8404) on the Docker host's
     * `publishAddress`, port `hostPort`. Default: not published (reachable inside the Docker network only).
     */
    readonly metrics?: { readonly publishAddress: string; readonly hostPort: number };
    /** Per-child escape hatches: adjust the image pull or the container's args. */
    readonly transforms?: {
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
        /** The volume that holds the published configurations. */
        readonly configVolume?: Transform<docker.VolumeArgs>;
        /** The one-shot container that publishes a configuration (replaced on every change). */
        readonly configWriter?: Transform<docker.ContainerArgs>;
    };
}

/**
 * The HAProxy container and what feeds it its configuration (loadBalancerReload.ts): a volume and a one-shot config
 * writer. A configuration change replaces the writer only; HAProxy reloads in place and drops no request. The
 * container itself is replaced only when its image, ports or network change (and on TLS on/off, which adds a port).
 */
export function createDockerLoadBalancer(parent: pulumi.Resource, name: string, inputs: DockerLoadBalancerInputs) {
    const imageName = `${name}-image`;
    const image = createChild(docker.RemoteImage, imageName, { name: inputs.image, keepLocally: true }, { parent }, inputs.transforms?.image);
    const volumeName = `${name}-config`;
    const configVolume = createChild(docker.Volume, volumeName, { name: `${inputs.containerName}-config` }, { parent }, inputs.transforms?.configVolume);
    const files: Record<string, pulumi.Input<string>> = {
        [HAPROXY_PATHS.config]: inputs.haproxyConfig,
        [HAPROXY_PATHS.unavailablePage]: inputs.unavailablePage,
        [HAPROXY_PATHS.productionVerdict]: inputs.productionVerdict,
    };
    const ports: docker.types.input.ContainerPort[] = [{ internal: HAPROXY_CONTAINER_PORTS.http, external: inputs.httpPort }];
    if (inputs.metrics) ports.push({ internal: HAPROXY_CONTAINER_PORTS.metrics, external: inputs.metrics.hostPort, ip: inputs.metrics.publishAddress });
    if (inputs.tls) {
        files[HAPROXY_PATHS.certificate] = inputs.tls.certificatePem;
        ports.push({ internal: HAPROXY_CONTAINER_PORTS.https, external: inputs.tls.httpsPort });
    }
    const configWriter = createConfigWriter(parent, name, {
        containerName: inputs.containerName,
        imageId: image.imageId,
        volumeName: configVolume.name,
        files,
        secretFiles: new Set([HAPROXY_PATHS.certificate]),
        transform: inputs.transforms?.configWriter,
    });
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
            ...reloadingContainerArgs(configVolume.name),
        },
        { parent },
        inputs.transforms?.container,
    );
    return { image, configVolume, configWriter, container };
}
