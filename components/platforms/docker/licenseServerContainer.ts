import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { LICENSE_SERVER_CONTAINER_PORT, LICENSE_SERVER_PATHS, LICENSE_SERVER_SECRETS, licenseServerContainerVariables } from "../../images/licenseServer";
import { createChild, Transform } from "../shared/transform";
import { buildRepositoryImage } from "./assets";

/** A `container`-mode license server's settings and secrets. */
export interface DockerLicenseServerContainer {
    /** Docker container name, also its DNS name on the network. */
    readonly name: string;
    /** Docker network (one per host) where the Web Authors on this host reach it by name. */
    readonly networkName: pulumi.Input<string>;
    /** License servlet context path. Default in the schema: `oXygenLicenseServlet`. */
    readonly contextPath: string;
    /** User with Tomcat role `user`, which Web Author connects as. */
    readonly user: string;
    /** Host port (TCP) the server's page is published on, for activation. */
    readonly hostPort: number;
    /** Host interface the port binds to. Default in the schema: `127.0.0.1`. */
    readonly publishAddress: string;
    /** WAR to build the image from (unless `image`). */
    readonly warUrl?: string;
    /** Your own image instead of docker/license-server. */
    readonly image?: string;
    /** This environment's license key, and only this environment's: a secret Output. */
    readonly licenseKey: pulumi.Input<string>;
    /** Password of `user`: a secret Output. */
    readonly userPassword: pulumi.Input<string>;
    /** Password of Tomcat user `admin` (role `admin`): a secret Output. */
    readonly adminPassword: pulumi.Input<string>;
}

/** Per-child escape hatches of a container-mode license server. */
export interface DockerLicenseServerTransforms {
    readonly workVolume?: Transform<docker.VolumeArgs>;
    readonly image?: Transform<docker.RemoteImageArgs>;
    readonly container?: Transform<docker.ContainerArgs>;
}

/**
 * A license server as a Tomcat 9 container (local trial only: the vendor does not support license servers in
 * containers). Its key arrives as a secret file for the one-time activation; its work directory (statistics,
 * activation state) sits on a named volume that outlives the container and `pulumi destroy`.
 */
export function createDockerLicenseServer(
    parent: pulumi.Resource,
    name: string,
    inputs: DockerLicenseServerContainer,
    transforms: DockerLicenseServerTransforms | undefined,
    dependsOn: pulumi.Resource[] = [],
) {
    const workVolumeName = `${name}-work`;
    const workVolume = createChild(
        docker.Volume,
        workVolumeName,
        { name: `${inputs.name}-work` },
        // A lost work directory means lost statistics and, possibly, a key to re-activate with the vendor's help.
        { parent, retainOnDelete: true },
        transforms?.workVolume,
    );

    let image: pulumi.Input<string>;
    let builtImage: docker.RemoteImage | undefined;
    if (inputs.image !== undefined) {
        image = inputs.image;
    } else {
        builtImage = buildRepositoryImage(
            parent,
            `${name}-image`,
            "license-server",
            { WAR_URL: inputs.warUrl ?? "", CONTEXT_PATH: inputs.contextPath },
            transforms?.image,
        );
        image = builtImage.imageId;
    }

    const secretValues = { userPassword: inputs.userPassword, adminPassword: inputs.adminPassword, licenseKey: inputs.licenseKey };
    const containerResourceName = `${name}-container`;
    const container = createChild(
        docker.Container,
        containerResourceName,
        {
            name: inputs.name,
            image,
            restart: "unless-stopped",
            networksAdvanced: [{ name: inputs.networkName, aliases: [inputs.name] }],
            ports: [{ internal: LICENSE_SERVER_CONTAINER_PORT, external: inputs.hostPort, ip: inputs.publishAddress }],
            volumes: [{ volumeName: workVolume.name, containerPath: LICENSE_SERVER_PATHS.workDir }],
            envs: licenseServerContainerVariables(inputs.user).map(({ name, value }) => `${name}=${value}`),
            uploads: LICENSE_SERVER_SECRETS.map((secret) => ({ file: secret.path, content: secretValues[secret.value], permissions: "0400" })),
            // The vendor documents no unauthenticated health endpoint: Tomcat answering HTTP at all (any status;
            // curl fails only when nothing answers) is what "up" means here. `pulumi up` waits for it.
            healthcheck: {
                tests: ["CMD-SHELL", `curl -s -o /dev/null http://127.0.0.1:${LICENSE_SERVER_CONTAINER_PORT}/ || exit 1`],
                interval: "10s",
                timeout: "5s",
                retries: 3,
                startPeriod: "120s",
            },
            wait: true,
            waitTimeout: 300,
        },
        // Rolling changes: created and replaced only after the part before this one (ROLLING_SEQUENCE) is healthy again.
        { parent, dependsOn },
        transforms?.container,
    );
    return { workVolume, image: builtImage, container };
}
