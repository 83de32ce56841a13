import { dockerEnv, normalisedKey, partResources, PolicyResourceLike, Role, roleOf, ROLES, TYPES, usesOurComponents, Violation } from "../model";

/** Where a license-server container's key file is (its LICENSE_KEY_FILE, else the image's default). */
const DEFAULT_KEY_FILE = "/run/secrets/oxygen-license-key";

/** Each environment's license key as its license server receives it: Docker upload, or the AWS secret's `licenseKey`. */
function keysByRole(resources: readonly PolicyResourceLike[]) {
    const keys = new Map<Role, Array<{ key: string; holder: PolicyResourceLike }>>();
    const add = (role: Role | undefined, key: unknown, holder: PolicyResourceLike) => {
        if (role === undefined || typeof key !== "string" || key.trim() === "") return;
        keys.set(role, [...(keys.get(role) ?? []), { key, holder }]);
    };
    for (const container of partResources(resources, TYPES.dockerContainer, "licenseServer")) {
        const file = dockerEnv(container).get("LICENSE_KEY_FILE") ?? DEFAULT_KEY_FILE;
        for (const upload of (container.props.uploads ?? []) as Array<{ file: string; content?: string }>) {
            if (upload.file === file) add(roleOf(container), upload.content, container);
        }
    }
    for (const version of partResources(resources, TYPES.secretVersion, "licenseServer")) {
        try {
            add(roleOf(version), (JSON.parse(String(version.props.secretString)) as { licenseKey?: unknown }).licenseKey, version);
        } catch {
            // Not JSON: not a secret of ours.
        }
    }
    return keys;
}

/**
 * Each license server holds its own environment's key and nothing holds another environment's: production's key on
 * the production license server only, the redundancy key on the redundancy one only, and the two keys differ.
 * Values are compared across every resource's inputs (the policy sees secrets unwrapped).
 */
export function licenseKeyOwnEnvironment(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const keys = keysByRole(resources);
    const servers = ROLES.flatMap((role) => [
        ...partResources(resources, TYPES.dockerContainer, "licenseServer", role),
        ...partResources(resources, TYPES.secretVersion, "licenseServer", role),
    ]);
    if (servers.length === 0) return []; // External license servers: their keys are not in this stack.
    const violations: Violation[] = [];
    for (const role of ROLES) {
        if ((keys.get(role) ?? []).length === 0) violations.push({ message: `the ${role} license server receives no license key` });
    }
    const productionKeys = new Set((keys.get("production") ?? []).map((k) => normalisedKey(k.key)));
    for (const { key, holder } of keys.get("redundancy") ?? []) {
        if (productionKeys.has(normalisedKey(key))) {
            violations.push({
                urn: holder.urn,
                message: `${holder.name}: production and redundancy license servers receive the same key; redundancy needs its own (redundancy) key`,
            });
        }
    }
    // No resource other than an environment's own key holders contains that environment's key.
    for (const role of ROLES) {
        const own = new Set((keys.get(role) ?? []).map((k) => k.holder.urn));
        for (const { key } of keys.get(role) ?? []) {
            for (const resource of resources) {
                if (own.has(resource.urn) || resource.type.startsWith("pulumi:providers:")) continue;
                if (JSON.stringify(resource.props).includes(JSON.stringify(key).slice(1, -1))) {
                    violations.push({ urn: resource.urn, message: `${resource.name} holds the ${role} license key; only the ${role} license server may` });
                }
            }
        }
    }
    return dedupe(violations);
}

function dedupe(violations: Violation[]): Violation[] {
    return violations.filter((v, i) => violations.findIndex((o) => o.message === v.message && o.urn === v.urn) === i);
}
