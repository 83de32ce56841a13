/**
 * A load balancer that is reloaded, never replaced, when its configuration changes.
 *
 * The Docker provider replaces a container whenever its uploads change (`upload` is `ForceNew` in
 * kreuzwerker/terraform-provider-docker's `docker_container`, which @pulumi/docker wraps), so a configuration uploaded
 * into the HAProxy container would restart HAProxy on every change. Instead:
 * - the HAProxy container's inputs never depend on the configuration: its command is docker/load-balancer/reloader.sh
 *   (uploaded, constant), and it reads the configuration from a Docker volume. The script runs HAProxy in
 *   master-worker mode and reloads it in place (SIGUSR2) whenever a new generation appears;
 * - a one-shot config writer container, replaced on every change, receives the rendered files as uploads and runs
 *   docker/load-balancer/publish-config.sh: it publishes them into the volume as a new generation directory, checks
 *   it with `haproxy -c`, and only then announces it. Its name carries the generation, so Pulumi can create the new
 *   writer before it deletes the old one.
 * A change of the configuration therefore changes the writer's inputs only; `pulumi up` replaces the writer and
 * HAProxy reloads within the reloader's poll interval (0.5 s), keeping its listening sockets and open connections.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import path from "node:path";
import { createChild, Transform } from "../shared/transform";
import { repositoryFileText } from "../shared/repositoryFiles";
import { HAPROXY_PATHS } from "./haproxy";

/**
 * Where the scripts are uploaded, and where the writer's uploads wait to be published.
 * @internal
 */
export const LOAD_BALANCER_SCRIPT_PATHS = {
    reloader: "/usr/local/bin/oxygen-haproxy-reloader.sh",
    publisher: "/usr/local/bin/oxygen-publish-config.sh",
    staging: "/usr/local/etc/haproxy/staging",
} as const;

/**
 * The scripts shipped in docker/load-balancer.
 * @internal
 */
export function loadBalancerScripts() {
    return {
        reloader: repositoryFileText("docker/load-balancer/reloader.sh"),
        publisher: repositoryFileText("docker/load-balancer/publish-config.sh"),
    };
}

/**
 * A generation's name: a digest of the files' names and contents (deterministic: an unchanged config previews quietly).
 * @internal
 */
export function configGeneration(files: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const name of Object.keys(files).sort())
        hash.update(name)
            .update("\0")
            .update(files[name] as string)
            .update("\0");
    return hash.digest("hex").slice(0, 16);
}

/** @internal */
export interface ConfigWriterInputs {
    /** The HAProxy container's name; the writer is named `<it>-config-<generation>`. */
    readonly containerName: string;
    /** The image to run the writer in (the HAProxy image: it has bash and `haproxy -c`). */
    readonly imageId: pulumi.Input<string>;
    readonly volumeName: pulumi.Input<string>;
    /** The rendered files by their path in the HAProxy container (under `HAPROXY_PATHS.live/current`). */
    readonly files: Readonly<Record<string, pulumi.Input<string>>>;
    /** Files holding secrets (uploaded with mode 0444: the image runs HAProxy as the unprivileged `haproxy` user). */
    readonly secretFiles: ReadonlySet<string>;
    readonly transform?: Transform<docker.ContainerArgs>;
}

/**
 * The config writer: a one-shot container (`attach`: `pulumi up` waits until it has run, `mustRun: false`: it stays
 * exited) whose only job is to publish its uploads into the shared volume.
 * @internal
 */
export function createConfigWriter(parent: pulumi.Resource, name: string, inputs: ConfigWriterInputs): docker.Container {
    const entries = Object.entries(inputs.files);
    // A digest of a secret is no secret: the generation (in the writer's name and environment) is shown in previews.
    const generation = pulumi.unsecret(
        pulumi
            .all(entries.map(([, content]) => content))
            .apply((contents) => configGeneration(Object.fromEntries(entries.map(([file], i) => [file, contents[i] as string])))),
    );
    const scripts = loadBalancerScripts();
    const resourceName = `${name}-config-writer`;
    return createChild(
        docker.Container,
        resourceName,
        {
            name: pulumi.interpolate`${inputs.containerName}-config-${generation}`,
            image: inputs.imageId,
            // Writes into the volume, which Docker creates owned by root.
            user: "root",
            entrypoints: ["/bin/bash", LOAD_BALANCER_SCRIPT_PATHS.publisher],
            envs: [
                pulumi.interpolate`LB_GENERATION=${generation}`,
                `LB_LIVE_DIR=${HAPROXY_PATHS.live}`,
                `LB_STAGING_DIR=${LOAD_BALANCER_SCRIPT_PATHS.staging}`,
            ],
            uploads: [
                { file: LOAD_BALANCER_SCRIPT_PATHS.publisher, content: scripts.publisher, executable: true },
                ...entries.map(([file, content]) => ({
                    file: `${LOAD_BALANCER_SCRIPT_PATHS.staging}/${path.basename(file)}`,
                    content,
                    permissions: inputs.secretFiles.has(file) ? "0444" : "0644",
                })),
            ],
            volumes: [{ volumeName: inputs.volumeName, containerPath: HAPROXY_PATHS.live }],
            networkMode: "none",
            restart: "no",
            mustRun: false,
            attach: true,
            logs: true,
        },
        { parent },
        inputs.transform,
    );
}

/**
 * The HAProxy container's command and files: the same for every configuration.
 * @internal
 */
export function reloadingContainerArgs(volumeName: pulumi.Input<string>) {
    return {
        entrypoints: ["/bin/bash", LOAD_BALANCER_SCRIPT_PATHS.reloader],
        uploads: [{ file: LOAD_BALANCER_SCRIPT_PATHS.reloader, content: loadBalancerScripts().reloader, executable: true }],
        volumes: [{ volumeName, containerPath: HAPROXY_PATHS.live, readOnly: true }],
    };
}
