import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { settledHealthCommand, STANDBY_SETTLE_SECONDS } from "../../contract/rollingOrder";
import { WEB_AUTHOR_CONTAINER_PORT, WEB_AUTHOR_PATHS, WEB_AUTHOR_SECRETS, webAuthorHealthCheck, webAuthorVariables } from "../../images/webAuthor";
import { createChild, Transform } from "../shared/transform";
import type { WebAuthorSettings } from "../shared/webAuthorSettings";
import { buildRepositoryImage } from "./assets";

/** What a Web Author container needs; `WebAuthorArgs` is this plus the environment's role. */
export interface DockerWebAuthorInputs extends WebAuthorSettings {
    /** Docker container name, also its DNS name on the network. */
    readonly containerName: string;
    /** Docker network (one per host) the container joins; the load balancer reaches it there by name. */
    readonly networkName: pulumi.Input<string>;
    /** `licensing.server.password` (and the backup's): a secret Output. */
    readonly licenseServerPassword: pulumi.Input<string>;
    /** Initial Admin page password (`OXYGEN_ADMIN_SETUP_PASSWORD`, 27.0+): a secret Output. */
    readonly adminSetupPassword: pulumi.Input<string>;
    /**
     * Publish the Web Author directly on its Docker host, bypassing the load balancer (and its Admin guard and TLS):
     * only for a load balancer on another Docker host. `hostPort` (TCP) is bound on `address` only, e.g. the host's
     * private address. Default: not published.
     */
    readonly publish?: { readonly hostPort: number; readonly address: string };
    /** Per-child escape hatches. */
    readonly transforms?: {
        readonly dataVolume?: Transform<docker.VolumeArgs>;
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
}

/** Builds (or names) the Web Author image on the Docker host of the resource's provider. */
function webAuthorImage(parent: pulumi.Resource, name: string, inputs: DockerWebAuthorInputs) {
    if (inputs.image !== undefined) {
        return { image: pulumi.output(inputs.image), built: undefined };
    }
    const built = buildRepositoryImage(parent, `${name}-image`, "web-author", { KIT_URL: inputs.kitUrl }, inputs.transforms?.image);
    return { image: built.imageId, built };
}

/**
 * A Web Author container: license.properties written by its entrypoint from the main and backup URLs and the
 * password file; the data directory on a retained volume; `pulumi up` waits until `rest-public/status` is 200.
 */
export function createDockerWebAuthor(parent: pulumi.Resource, name: string, inputs: DockerWebAuthorInputs, dependsOn: pulumi.Resource[] = []) {
    const dataVolumeName = `${name}-data`;
    const dataVolume = createChild(
        docker.Volume,
        dataVolumeName,
        { name: `${inputs.containerName}-data` },
        // Holds options, admin users, the encryption key, frameworks and plugins: never deleted by Pulumi.
        { parent, retainOnDelete: true },
        inputs.transforms?.dataVolume,
    );
    const { image, built } = webAuthorImage(parent, name, inputs);
    const health = webAuthorHealthCheck(inputs.startTimeoutSeconds);
    const secretValues = { licenseServerPassword: inputs.licenseServerPassword, adminSetupPassword: inputs.adminSetupPassword };
    const containerName = `${name}-container`;
    const container = createChild(
        docker.Container,
        containerName,
        {
            name: inputs.containerName,
            image,
            restart: "unless-stopped",
            networksAdvanced: [{ name: inputs.networkName, aliases: [inputs.containerName] }],
            ports: inputs.publish === undefined ? [] : [{ internal: WEB_AUTHOR_CONTAINER_PORT, external: inputs.publish.hostPort, ip: inputs.publish.address }],
            volumes: [{ volumeName: dataVolume.name, containerPath: WEB_AUTHOR_PATHS.dataDir }],
            memory: inputs.memoryMb,
            cpus: String(inputs.cpus),
            envs: webAuthorVariables(inputs, "files").map(({ name, value }) => `${name}=${value}`),
            // Each secret as a file only its reader may read; the variables above name the files.
            uploads: WEB_AUTHOR_SECRETS.map((secret) => ({ file: secret.path, content: secretValues[secret.value], permissions: "0400" })),
            healthcheck: {
                // Healthy only once the status path has answered twice, a few seconds apart: the load balancer
                // has then seen it up too, so a rolling change may move on to the other environment.
                tests: ["CMD-SHELL", settledHealthCommand(health.url)],
                interval: `${health.intervalSeconds}s`,
                // Two requests and the pause between them.
                timeout: `${2 * health.timeoutSeconds + STANDBY_SETTLE_SECONDS + 1}s`,
                retries: health.retries,
                // Tomcat and Web Author take minutes to start cold; failures before then do not count.
                startPeriod: `${health.startPeriodSeconds}s`,
            },
            wait: true,
            waitTimeout: inputs.startTimeoutSeconds,
        },
        // Rolling changes: created and replaced only after the part before this one (ROLLING_SEQUENCE) is healthy again.
        { parent, dependsOn },
        inputs.transforms?.container,
    );
    return { dataVolume, image: built, container };
}
