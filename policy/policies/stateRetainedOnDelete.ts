import { partOf, PolicyResourceLike, TYPES, Violation } from "../model";

/** Resources that hold state the topology cannot rebuild (activation, data). */
const STATEFUL = new Set<string>([TYPES.dockerVolume, TYPES.ebsVolume, TYPES.nic, TYPES.efs]);

/** Whether `resource` is one of our parts' stateful resources. */
export function holdsState(resource: PolicyResourceLike): boolean {
    return STATEFUL.has(resource.type) && (partOf(resource) === "licenseServer" || partOf(resource) === "webAuthor");
}

/**
 * Our parts' stateful resources (Docker volumes, the license servers' EBS volumes and network interfaces, Web
 * Author's EFS file systems) survive `pulumi destroy` and replacement: `retainOnDelete` or `protect`.
 *
 * Limit: the engine passes `protect` to policy packs but not `retainOnDelete` (analyzer protocol, @pulumi/policy
 * 1.21.0). When `retainOnDelete` is not given, this returns nothing and {@link retentionVisible} is false: the pack
 * then marks the policy not applicable for that resource instead of guessing.
 */
export function stateRetainedOnDelete(resource: PolicyResourceLike): Violation[] {
    if (!holdsState(resource) || resource.opts.protect || resource.opts.retainOnDelete !== false) return [];
    return [
        {
            urn: resource.urn,
            message: `${resource.name} holds state but is neither retainOnDelete nor protect: \`pulumi destroy\` or a replacement deletes it`,
        },
    ];
}

/** Whether the engine told the policy the resource's `retainOnDelete` (or `protect` settles it anyway). */
export const retentionVisible = (resource: PolicyResourceLike) => resource.opts.protect || resource.opts.retainOnDelete !== undefined;
