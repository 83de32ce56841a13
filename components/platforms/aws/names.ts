import type * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../contract/topology";

/**
 * Physical names on AWS, set apart from the logical names (which always start with their parent component's name,
 * whatever their length). Where AWS's limit is tight (ALB and target group names: 32 characters; IAM role names: 64),
 * the children get a `namePrefix` to which the provider appends a 26-character unique suffix at creation, so the
 * component's name can be longer than those limits and a replacement never collides with the resource it replaces.
 * The limits are the provider's (Terraform's `name_prefix` validation): 6 characters for an ALB's or a target
 * group's prefix, 38 for an IAM role's (64 − 26).
 */
export const NAME_PREFIX_LIMITS = { loadBalancer: 6, targetGroup: 6, iamRole: 38 } as const;

/** Short role codes for the physical names AWS keeps short. */
const ROLE_CODE: Record<Role, string> = { production: "prod", redundancy: "red" };

/** The first `max` characters of `text`. */
function cut(text: string, max: number): string {
    return text.slice(0, Math.max(0, max));
}

/** The environment's ALB and target group prefix: the component name's first letters and digits, the role's initial. */
export function albNamePrefix(componentName: string, role: Role): string {
    const letters = componentName.replace(/[^A-Za-z0-9]/g, "");
    return `${cut(letters, NAME_PREFIX_LIMITS.loadBalancer - 2)}${role[0]}-`;
}

/**
 * The base of an environment part's IAM role prefixes (`<name>-prod-ls`, `<name>-red-wa`), short enough that the
 * longest purpose (`-snap-`) still fits {@link NAME_PREFIX_LIMITS}.iamRole.
 */
export function iamRoleNameBase(componentName: string, role: Role, part: "ls" | "wa"): string {
    const tail = `-${ROLE_CODE[role]}-${part}`;
    return `${cut(componentName, NAME_PREFIX_LIMITS.iamRole - LONGEST_ROLE_PURPOSE.length - tail.length)}${tail}`;
}

/** The purposes appended to {@link iamRoleNameBase}, each ending in the hyphen before the provider's suffix. */
export const ROLE_PURPOSES = { licenseServer: "-", snapshots: "-snap-", execution: "-exec-", task: "-task-" } as const;
const LONGEST_ROLE_PURPOSE = Object.values(ROLE_PURPOSES).reduce((a, b) => (a.length >= b.length ? a : b));

/**
 * The logical names the environment's ALB and target group had before they were named after their parent
 * (`<name>-prod-alb`, `<name>-red-tg`): kept as aliases so that an existing stack finds them.
 */
export function legacyEntranceNames(componentName: string, role: Role): { readonly loadBalancer: string; readonly targetGroup: string } {
    return { loadBalancer: `${componentName}-${ROLE_CODE[role]}-alb`, targetGroup: `${componentName}-${ROLE_CODE[role]}-tg` };
}

/**
 * Options of a child whose physical name comes from a `namePrefix`: an existing resource keeps the name it has (the
 * provider generated it from the old logical name), so only new stacks and replacements get a prefixed name; a
 * replacement (the engine checks the program's inputs again) never reuses the old name.
 */
export const KEEP_PHYSICAL_NAME: pulumi.CustomResourceOptions = { ignoreChanges: ["name", "namePrefix"] };
