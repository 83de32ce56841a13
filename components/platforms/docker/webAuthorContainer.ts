import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { WEB_AUTHOR_CONTAINER_PORT, WEB_AUTHOR_STATUS_PATH } from "../../contract/topology";
import { settledHealthCommand } from "../../contract/rollingOrder";
import { Transform, transformed } from "../../transform";
import type { WebAuthorSettings } from "../webAuthorSettings";
import { buildRepositoryImage } from "./assets";

/** Paths inside the Web Author container (docker/web-author). */
export const WEB_AUTHOR_PATHS = {
    /** `oxygen.data.dir` in the vendor image. */
    dataDir: "/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author",
    licenseServerPasswordFile: "/run/secrets/license-server-password",
    backupLicenseServerPasswordFile: "/run/secrets/backup-license-server-password",
    adminSetupPasswordFile: "/run/secrets/admin-setup-password",
} as const;

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
    const dataVolume = new docker.Volume(
        dataVolumeName,
        transformed(inputs.transforms?.dataVolume, { name: `${inputs.containerName}-data` }, dataVolumeName),
        // Holds options, admin users, the encryption key, frameworks and plugins: never deleted by Pulumi.
        { parent, retainOnDelete: true },
    );
    const { image, built } = webAuthorImage(parent, name, inputs);
    const statusUrl = `http://127.0.0.1:${WEB_AUTHOR_CONTAINER_PORT}${WEB_AUTHOR_STATUS_PATH}`;
    const containerName = `${name}-container`;
    const container = new docker.Container(
        containerName,
        transformed(
            inputs.transforms?.container,
            {
                name: inputs.containerName,
                image,
                restart: "unless-stopped",
                networksAdvanced: [{ name: inputs.networkName, aliases: [inputs.containerName] }],
                ports:
                    inputs.publish === undefined
                        ? []
                        : [{ internal: WEB_AUTHOR_CONTAINER_PORT, external: inputs.publish.hostPort, ip: inputs.publish.address }],
                volumes: [{ volumeName: dataVolume.name, containerPath: WEB_AUTHOR_PATHS.dataDir }],
                memory: inputs.memoryMb,
                cpus: String(inputs.cpus),
                envs: [
                    `LICENSE_SERVER_URL=${inputs.licensing.mainUrl}`,
                    `LICENSE_SERVER_USER=${inputs.licensing.user}`,
                    `LICENSE_SERVER_PASSWORD_FILE=${WEB_AUTHOR_PATHS.licenseServerPasswordFile}`,
                    `BACKUP_LICENSE_SERVER_URL=${inputs.licensing.backupUrl}`,
                    `BACKUP_LICENSE_SERVER_USER=${inputs.licensing.user}`,
                    `BACKUP_LICENSE_SERVER_PASSWORD_FILE=${WEB_AUTHOR_PATHS.backupLicenseServerPasswordFile}`,
                    `ADMIN_SETUP_PASSWORD_FILE=${WEB_AUTHOR_PATHS.adminSetupPasswordFile}`,
                    `MAX_HEAP_MB=${inputs.maxHeapMb}`,
                    `DNS_CACHE_TTL_SECONDS=${inputs.dnsCacheTtlSeconds}`,
                ],
                uploads: [
                    { file: WEB_AUTHOR_PATHS.licenseServerPasswordFile, content: inputs.licenseServerPassword, permissions: "0400" },
                    { file: WEB_AUTHOR_PATHS.backupLicenseServerPasswordFile, content: inputs.licenseServerPassword, permissions: "0400" },
                    { file: WEB_AUTHOR_PATHS.adminSetupPasswordFile, content: inputs.adminSetupPassword, permissions: "0400" },
                ],
                healthcheck: {
                    // Healthy only once the status path has answered twice, a few seconds apart: the load balancer
                    // has then seen it up too, so a rolling change may move on to the other environment.
                    tests: ["CMD-SHELL", settledHealthCommand(statusUrl)],
                    interval: "15s",
                    timeout: "15s",
                    retries: 3,
                    // Tomcat and Web Author take minutes to start cold; failures before then do not count.
                    startPeriod: "180s",
                },
                wait: true,
                waitTimeout: inputs.startTimeoutSeconds,
            },
            containerName,
        ),
        // Rolling changes: replaced only after the other environment's Web Author is healthy again (its `wait`).
        { parent, dependsOn },
    );
    return { dataVolume, image: built, container };
}
