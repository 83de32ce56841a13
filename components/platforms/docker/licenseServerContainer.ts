import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../contract/topology";
import { Transform, transformed } from "../../transform";
import { buildRepositoryImage } from "./assets";

/** Paths inside the license-server container (docker/license-server). */
export const LICENSE_SERVER_PATHS = {
    workDir: "/var/lib/oxygen-license-server",
    userPasswordFile: "/run/secrets/license-server-password",
    adminPasswordFile: "/run/secrets/license-server-admin-password",
    licenseKeyFile: "/run/secrets/oxygen-license-key",
} as const;

export interface DockerLicenseServerInputs {
    readonly containerName: string;
    readonly networkName: pulumi.Input<string>;
    readonly contextPath: string;
    readonly user: string;
    readonly hostPort: number;
    readonly publishAddress: string;
    /** Build from docker/license-server with this WAR, unless `image` is given. */
    readonly warUrl: string | undefined;
    readonly image: string | undefined;
    /** Secret Outputs. */
    readonly licenseKey: pulumi.Input<string>;
    readonly userPassword: pulumi.Input<string>;
    readonly adminPassword: pulumi.Input<string>;
    readonly transforms?: {
        readonly workVolume?: Transform<docker.VolumeArgs>;
        readonly image?: Transform<docker.RemoteImageArgs>;
        readonly container?: Transform<docker.ContainerArgs>;
    };
}

/**
 * A license server as a Tomcat 9 container (local trial only: the vendor does not support license servers in
 * containers). Its key arrives as a secret file for the one-time activation; its work directory (statistics,
 * activation state) sits on a named volume that outlives the container and `pulumi destroy`.
 */
export function createDockerLicenseServer(parent: pulumi.Resource, name: string, inputs: DockerLicenseServerInputs) {
    const workVolumeName = `${name}-work`;
    const workVolume = new docker.Volume(
        workVolumeName,
        transformed(inputs.transforms?.workVolume, { name: `${inputs.containerName}-work` }, workVolumeName),
        // A lost work directory means lost statistics and, possibly, a key to re-activate with the vendor's help.
        { parent, retainOnDelete: true },
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
            inputs.transforms?.image,
        );
        image = builtImage.imageId;
    }

    const containerResourceName = `${name}-container`;
    const container = new docker.Container(
        containerResourceName,
        transformed(
            inputs.transforms?.container,
            {
                name: inputs.containerName,
                image,
                restart: "unless-stopped",
                networksAdvanced: [{ name: inputs.networkName, aliases: [inputs.containerName] }],
                ports: [{ internal: LICENSE_SERVER_CONTAINER_PORT, external: inputs.hostPort, ip: inputs.publishAddress }],
                volumes: [{ volumeName: workVolume.name, containerPath: LICENSE_SERVER_PATHS.workDir }],
                envs: [
                    `LICENSE_SERVER_USER=${inputs.user}`,
                    `LICENSE_SERVER_PASSWORD_FILE=${LICENSE_SERVER_PATHS.userPasswordFile}`,
                    `LICENSE_SERVER_ADMIN_PASSWORD_FILE=${LICENSE_SERVER_PATHS.adminPasswordFile}`,
                    `LICENSE_KEY_FILE=${LICENSE_SERVER_PATHS.licenseKeyFile}`,
                    `WORK_DIR=${LICENSE_SERVER_PATHS.workDir}`,
                ],
                uploads: [
                    { file: LICENSE_SERVER_PATHS.userPasswordFile, content: inputs.userPassword, permissions: "0400" },
                    { file: LICENSE_SERVER_PATHS.adminPasswordFile, content: inputs.adminPassword, permissions: "0400" },
                    { file: LICENSE_SERVER_PATHS.licenseKeyFile, content: inputs.licenseKey, permissions: "0400" },
                ],
            },
            containerResourceName,
        ),
        { parent },
    );
    return { workVolume, image: builtImage, container };
}
