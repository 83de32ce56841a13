/**
 * A registered `docker:index/container:Container`, started as Docker would start it, from its registered inputs
 * only: the image that its `image` names (built from the registered build context), the image's ENV overridden by
 * the container's `envs`, its `uploads` written at their paths with their permissions, its volumes' mount points,
 * and the image's ENTRYPOINT as the command.
 */
import { createHash } from "node:crypto";
import { ContainerRoot } from "./containerRoot";
import { ImageModel, imageFromBuildContext, installImage } from "./images";
import type { Registered, RegisteredStack } from "./registered";

export interface DockerContainerSpec {
    readonly resource: Registered;
    /** The image built from our build context, or undefined for a vendor image pulled by name (HAProxy). */
    readonly image: ImageModel | undefined;
    /** The pulled image's name, for a vendor image. */
    readonly vendorImage: string | undefined;
    /** Image ENV, then the container's `envs`, then what Docker adds. */
    readonly env: Record<string, string>;
    readonly uploads: ReadonlyArray<{ readonly file: string; readonly content: string; readonly mode: number }>;
    readonly mountPoints: readonly string[];
    /** The image's registered build arguments. */
    readonly buildArgs: Readonly<Record<string, string>>;
}

/** `K=V` strings, as Docker splits them: at the first `=`. */
export function envFromList(list: readonly string[]): Record<string, string> {
    return Object.fromEntries(
        list.map((entry) => {
            const at = entry.indexOf("=");
            if (at <= 0) throw new Error(`not a K=V environment entry: ${entry.slice(0, 20)}…`);
            return [entry.slice(0, at), entry.slice(at + 1)];
        }),
    );
}

export function dockerContainerSpec(stack: RegisteredStack, container: Registered): DockerContainerSpec {
    const inputs = container.inputs;
    const pulled = stack.withOutput("docker:index/remoteImage:RemoteImage", "imageId", inputs.image);
    const build = pulled.inputs.build as { context: string; dockerfile?: string; buildArgs?: Record<string, string> } | undefined;
    const image = build === undefined ? undefined : imageFromBuildContext(build.context, build.dockerfile);
    const env = {
        ...(image?.env ?? {}),
        ...envFromList((inputs.envs ?? []) as string[]),
        // Docker's default hostname: the container ID's first 12 hex digits (here derived from the name).
        HOSTNAME: String(inputs.hostname ?? createHash("sha256").update(String(inputs.name)).digest("hex").slice(0, 12)),
        HOME: "/root",
    };
    const uploads = ((inputs.uploads ?? []) as Array<{ file: string; content: string; permissions?: string; executable?: boolean }>).map((u) => ({
        file: u.file,
        content: u.content,
        // Docker's upload default is 0644 (0755 with `executable`).
        mode: u.permissions !== undefined ? parseInt(u.permissions, 8) : u.executable ? 0o755 : 0o644,
    }));
    const mountPoints = ((inputs.volumes ?? []) as Array<{ containerPath: string }>).map((v) => v.containerPath);
    const vendorImage = build === undefined ? String(pulled.inputs.name) : undefined;
    return { resource: container, image, vendorImage, env, uploads, mountPoints, buildArgs: build?.buildArgs ?? {} };
}

/** A container root holding the container's image files, uploads and mount points, ready to start. */
export function prepareDockerContainer(spec: DockerContainerSpec, launcherScript: string): ContainerRoot {
    const root = new ContainerRoot(spec.resource.name.slice(-30));
    if (spec.image !== undefined) installImage(root, spec.image, launcherScript, spec.buildArgs);
    for (const dir of spec.mountPoints) root.mkdir(dir);
    for (const upload of spec.uploads) root.writeFile(upload.file, upload.content, upload.mode);
    return root;
}

/** The registered containers, by name. */
export function dockerContainers(stack: RegisteredStack): Map<string, Registered> {
    return new Map(stack.ofType("docker:index/container:Container").map((c) => [String(c.inputs.name), c]));
}
