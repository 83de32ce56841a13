/**
 * The Docker load balancer as Docker runs it from the registered resources: the config writer (a one-shot container)
 * runs its command to completion with its uploads and its volume, then HAProxy's container starts its command
 * (docker/load-balancer/reloader.sh) with the same volume mounted. Here the volume is the writer's mount-point
 * directory, linked into HAProxy's container root. The official image puts `haproxy` on its PATH; here the pinned
 * branch's binary is named through `LB_HAPROXY`.
 */
import fs from "node:fs";
import { HAPROXY_PATHS } from "../../../components";
import { haproxyPath } from "../../helpers/haproxyBinary";
import type { ContainerRoot } from "./containerRoot";
import { dockerContainers, dockerContainerSpec, prepareDockerContainer } from "./dockerContainer";
import type { Registered, RegisteredStack } from "./registered";

/** What the official HAProxy image's environment provides, as far as the scripts need it. */
export const HAPROXY_IMAGE_ENV = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LB_HAPROXY: haproxyPath() };

/** The config writer: the one container whose command is the publishing script. */
export function configWriterOf(stack: RegisteredStack): Registered {
    const writers = [...dockerContainers(stack).values()].filter((c) => JSON.stringify(c.inputs.entrypoints ?? []).includes("publish-config"));
    if (writers.length !== 1) throw new Error(`expected one config writer, found ${writers.length}`);
    return writers[0] as Registered;
}

export function isConfigWriter(container: Registered): boolean {
    return JSON.stringify(container.inputs.entrypoints ?? []).includes("publish-config");
}

/** Runs the config writer to completion, as `attach: true` makes Docker do. */
export function runConfigWriter(stack: RegisteredStack): { root: ContainerRoot; status: number | null; output: string } {
    const writer = configWriterOf(stack);
    const spec = dockerContainerSpec(stack, writer);
    const root = prepareDockerContainer(spec, "");
    const result = root.run(writer.inputs.entrypoints as string[], { ...spec.env, ...HAPROXY_IMAGE_ENV });
    return { root, status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** HAProxy's container root with the writer's volume mounted, its command and environment. */
export function prepareLoadBalancer(stack: RegisteredStack, container: Registered, writerRoot: ContainerRoot) {
    const spec = dockerContainerSpec(stack, container);
    const root = prepareDockerContainer(spec, "");
    const mountPoint = root.hostPath(HAPROXY_PATHS.live);
    fs.rmSync(mountPoint, { recursive: true, force: true });
    fs.symlinkSync(writerRoot.hostPath(HAPROXY_PATHS.live), mountPoint);
    // The image's home of the `haproxy` user, where the reloader saves the servers' states.
    root.mkdir("/var/lib/haproxy");
    return { spec, root, command: container.inputs.entrypoints as string[], env: { ...spec.env, ...HAPROXY_IMAGE_ENV } };
}
