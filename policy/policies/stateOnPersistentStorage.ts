import {
    containerDefinitions,
    dockerEnv,
    LICENSE_SERVER_WORK_DIR,
    partResources,
    PolicyResourceLike,
    roleOf,
    TYPES,
    usesOurComponents,
    Violation,
    WEB_AUTHOR_DATA_DIR,
} from "../model";

/**
 * The state the topology depends on outlives the process that uses it. Docker: each Web Author's data directory
 * (options, admin users, the encryption key) and each license server's work directory (activation, statistics) is
 * a named volume of the stack (or a host directory). AWS: each license server keeps its network interface on
 * termination (the activation is bound to it) and its data on a separate EBS volume attached to it; each Web Author
 * task mounts its data directory from an EFS file system of the stack.
 */
export function stateOnPersistentStorage(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const violations: Violation[] = [];
    const volumeNames = new Set(resources.filter((r) => r.type === TYPES.dockerVolume).map((v) => v.props.name));
    const dockerState = (part: "webAuthor" | "licenseServer", defaultDir: string, what: string) => {
        for (const container of partResources(resources, TYPES.dockerContainer, part)) {
            const dir = part === "licenseServer" ? (dockerEnv(container).get("WORK_DIR") ?? defaultDir) : defaultDir;
            const mounts = (container.props.volumes ?? []) as Array<{ containerPath?: string; volumeName?: string; hostPath?: string }>;
            const mount = mounts.find((m) => m.containerPath === dir);
            if (mount === undefined || !(mount.hostPath || (mount.volumeName && volumeNames.has(mount.volumeName)))) {
                violations.push({
                    urn: container.urn,
                    message: `${container.name} keeps its ${what} (${dir}) on no named volume of this stack: it is lost with the container`,
                });
            }
        }
    };
    dockerState("webAuthor", WEB_AUTHOR_DATA_DIR, "data directory");
    dockerState("licenseServer", LICENSE_SERVER_WORK_DIR, "work directory");

    const attachments = resources.filter((r) => r.type === TYPES.volumeAttachment);
    const volumeIds = new Set(partResources(resources, TYPES.ebsVolume, "licenseServer").map((v) => v.props.id));
    for (const instance of partResources(resources, TYPES.instance, "licenseServer")) {
        if (instance.props.primaryNetworkInterface?.deleteOnTermination !== false) {
            violations.push({
                urn: instance.urn,
                message: `${instance.name} does not keep its network interface on termination (primaryNetworkInterface.deleteOnTermination false): the activation is bound to it`,
            });
        }
        if (!attachments.some((a) => a.props.instanceId === instance.props.id && volumeIds.has(a.props.volumeId))) {
            violations.push({
                urn: instance.urn,
                message: `${instance.name} has no data volume of its own attached (a separate aws.ebs.Volume): its work directory dies with the instance`,
            });
        }
    }
    const fileSystems = new Set(resources.filter((r) => r.type === TYPES.efs).map((f) => f.props.id));
    for (const task of partResources(resources, TYPES.ecsTaskDefinition, "webAuthor")) {
        const volumes = new Map(
            ((task.props.volumes ?? []) as Array<{ name: string; efsVolumeConfiguration?: { fileSystemId?: string } }>).map((v) => [v.name, v]),
        );
        for (const container of containerDefinitions(task)) {
            const mount = ((container.mountPoints ?? []) as Array<{ sourceVolume: string; containerPath: string }>).find(
                (m) => m.containerPath === WEB_AUTHOR_DATA_DIR,
            );
            const fileSystemId = mount && volumes.get(mount.sourceVolume)?.efsVolumeConfiguration?.fileSystemId;
            if (!fileSystemId || !fileSystems.has(fileSystemId)) {
                violations.push({
                    urn: task.urn,
                    message: `${task.name} (${roleOf(task) ?? "a"} Web Author) keeps ${WEB_AUTHOR_DATA_DIR} on no EFS file system of this stack`,
                });
            }
        }
    }
    return violations;
}
