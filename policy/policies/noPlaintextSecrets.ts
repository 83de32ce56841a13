import { containerDefinitions, PolicyResourceLike, TYPES, Violation } from "../model";

/** Names that say "this holds a secret". */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|LICEN[CS]E_?KEY|PRIVATE_?KEY|API_?KEY|CREDENTIAL)/i;
/** ...unless they name where the secret is, not the secret: a file, a path, an ARN, an ID, a name. */
const REFERENCE_NAME = /(_FILE|_PATH|_ARN|_ID|_NAME|_URL|_VERSION)$/i;

const secretLooking = (name: string, value: string) => SECRET_NAME.test(name) && !REFERENCE_NAME.test(name) && value.trim() !== "";

/**
 * No secret travels as plain configuration where it would be shown or logged: a Docker container's `envs`, an ECS
 * container's `environment` (use `secrets`), or a `NAME=value` assignment in EC2 user data. The policy sees secrets
 * unwrapped (the policy API drops the secret marker), so it judges by the name the value is given; it cannot tell
 * whether a value was a secret Output. Resource policy: runs on each resource as it is registered.
 */
export function noPlaintextSecrets(resource: PolicyResourceLike): Violation[] {
    const violations: Violation[] = [];
    const report = (where: string, name: string) =>
        violations.push({
            urn: resource.urn,
            message: `${resource.name}: ${where} ${name} holds a secret in plain text; pass it as a file or a secret reference instead`,
        });
    if (resource.type === TYPES.dockerContainer) {
        for (const line of (resource.props.envs ?? []) as string[]) {
            const name = line.split("=")[0] ?? "";
            if (secretLooking(name, line.slice(name.length + 1))) report("environment variable", name);
        }
    }
    if (resource.type === TYPES.ecsTaskDefinition) {
        for (const container of containerDefinitions(resource)) {
            for (const { name, value } of (container.environment ?? []) as Array<{ name: string; value: string }>) {
                if (secretLooking(name, String(value ?? ""))) report(`container ${container.name} environment`, name);
            }
        }
    }
    if (resource.type === TYPES.instance && typeof resource.props.userData === "string") {
        for (const match of resource.props.userData.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
            const [, name = "", raw = ""] = match;
            // A value computed at boot ("$(...)", "$VAR") is not in the user data.
            const value = raw.replace(/^['"]|['"]$/g, "");
            if (!value.startsWith("$") && secretLooking(name, value)) report("user data assigns", name);
        }
    }
    return violations;
}
