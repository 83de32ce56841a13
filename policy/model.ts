/**
 * What the policies see of a resource, and the helpers that find our components' parts in a stack. The shape is the
 * part of `@pulumi/policy`'s `PolicyResource` (stack policies) and `ResourceValidationArgs` (resource policies) the
 * policies read, so the policies are plain functions: the pack's entry (index.ts) hands them the engine's resources,
 * the tests hand them what the real components register under Pulumi's mocks.
 *
 * Limits of the policy API (@pulumi/policy 1.21.0, the engine's analyzer protocol), which the policies live with:
 * - `props` arrive with secrets already unwrapped (the analyzer deserialises them without their secret marker), so a
 *   policy cannot tell a secret Output from plain text. It can only look at where a value goes (an env var with a
 *   password-like name, a file) and compare values across resources.
 * - Resource options carry `protect`, `ignoreChanges`, `deleteBeforeReplace`, `aliases`, `customTimeouts`,
 *   `additionalSecretOutputs` and `parent`, but not `retainOnDelete`. `retainOnDelete` below is optional: read when
 *   present (the tests pass the registration's value), unknown otherwise.
 * - During `pulumi preview` of resources not created yet, outputs (IDs, ARNs, DNS names) are unknown, and reading one
 *   makes the engine report the policy as "can't run during preview" (advisory). Stack policies run again after
 *   `pulumi up` with every output known.
 */

export interface PolicyResourceLike {
    readonly type: string;
    readonly name: string;
    /** `urn:pulumi:<stack>::<project>::<ancestor types joined by $>$<type>::<name>`. */
    readonly urn: string;
    /** Inputs (resource policies) or outputs (stack policies), secrets unwrapped. */
    readonly props: Record<string, any>;
    readonly opts: { readonly protect: boolean; readonly retainOnDelete?: boolean };
    /** Stack policies only: the parent resource. */
    readonly parent?: PolicyResourceLike;
}

export interface Violation {
    readonly message: string;
    /** The resource at fault; none for the stack as a whole. */
    readonly urn?: string;
}

export type Role = "production" | "redundancy";
export const ROLES: readonly Role[] = ["production", "redundancy"];

/** Our components' type tokens (components/*.ts). */
export const COMPONENT = {
    deployment: "oxygen-webauthor-ha:index:RedundantWebAuthor",
    environment: "oxygen-webauthor-ha:index:Environment",
    licenseServer: "oxygen-webauthor-ha:index:LicenseServer",
    webAuthor: "oxygen-webauthor-ha:index:WebAuthor",
    loadBalancer: "oxygen-webauthor-ha:index:FailoverLoadBalancer",
} as const;

/** Web Author's health endpoint (vendor topic webapp-loadbalancing); tests/policy checks it equals the components'. */
export const WEB_AUTHOR_STATUS_PATH = "/oxygen-xml-web-author/rest-public/status";
/** Where the images keep their state (docker/web-author, docker/license-server). */
export const WEB_AUTHOR_DATA_DIR = "/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author";
export const LICENSE_SERVER_WORK_DIR = "/var/lib/oxygen-license-server";
/** The Web Author image's licensing variables (docker/web-author/entrypoint.sh, the ECS task). */
export const MAIN_URL_VAR = "LICENSE_SERVER_URL";
export const BACKUP_URL_VAR = "BACKUP_LICENSE_SERVER_URL";

export const TYPES = {
    dockerContainer: "docker:index/container:Container",
    dockerVolume: "docker:index/volume:Volume",
    ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    secret: "aws:secretsmanager/secret:Secret",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamRole: "aws:iam/role:Role",
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    legacyRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    instance: "aws:ec2/instance:Instance",
    nic: "aws:ec2/networkInterface:NetworkInterface",
    eip: "aws:ec2/eip:Eip",
    ebsVolume: "aws:ebs/volume:Volume",
    volumeAttachment: "aws:ec2/volumeAttachment:VolumeAttachment",
    efs: "aws:efs/fileSystem:FileSystem",
} as const;

/** The types of the resource's ancestors and itself, outermost first, read from its URN. */
export function typeChain(resource: PolicyResourceLike): string[] {
    const qualified = resource.urn.split("::")[2] ?? resource.type;
    return qualified.split("$");
}

/** Which of our components' parts the resource belongs to, if any. */
export function partOf(resource: PolicyResourceLike): "licenseServer" | "webAuthor" | "loadBalancer" | undefined {
    const chain = typeChain(resource).slice(0, -1).reverse();
    for (const type of chain) {
        if (type === COMPONENT.licenseServer) return "licenseServer";
        if (type === COMPONENT.webAuthor) return "webAuthor";
        if (type === COMPONENT.loadBalancer) return "loadBalancer";
    }
    return undefined;
}

/** The environment the resource belongs to: its `Environment` ancestor is named `<deployment>-<role>`. */
export function roleOf(resource: PolicyResourceLike): Role | undefined {
    for (let r: PolicyResourceLike | undefined = resource.parent; r !== undefined; r = r.parent) {
        if (r.type === COMPONENT.environment) return ROLES.find((role) => r!.name.endsWith(`-${role}`));
    }
    return undefined;
}

/** Resources of `type` inside one of our parts (optionally of one environment). */
export function partResources(resources: readonly PolicyResourceLike[], type: string, part: ReturnType<typeof partOf>, role?: Role): PolicyResourceLike[] {
    return resources.filter((r) => r.type === type && partOf(r) === part && (role === undefined || roleOf(r) === role));
}

/** True when the stack holds one of our deployments (the policies say nothing about other stacks). */
export function usesOurComponents(resources: readonly PolicyResourceLike[]): boolean {
    return resources.some((r) => r.type === COMPONENT.deployment || r.type === COMPONENT.environment);
}

/** `NAME=value` lines of a Docker container as a map. */
export function dockerEnv(container: PolicyResourceLike): Map<string, string> {
    const envs = (container.props.envs ?? []) as string[];
    return new Map(envs.map((line) => [line.split("=")[0] as string, line.slice(line.indexOf("=") + 1)]));
}

/** An ECS task definition's container definitions (a JSON string in the provider's inputs). */
export function containerDefinitions(task: PolicyResourceLike): Array<Record<string, any>> {
    const raw = task.props.containerDefinitions;
    const parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
    return Array.isArray(parsed) ? parsed : [];
}

/** An ECS container's plain environment as a map. */
export function ecsEnv(container: Record<string, any>): Map<string, string> {
    return new Map(((container.environment ?? []) as Array<{ name: string; value: string }>).map((e) => [e.name, String(e.value)]));
}

/** Host and port of a URL (`http://host:port/...`); port defaults by scheme. */
export function hostPort(url: string): { host: string; port: number } | undefined {
    try {
        const parsed = new URL(url);
        return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80)) };
    } catch {
        return undefined;
    }
}

const WILDCARD_IPS = new Set(["", "0.0.0.0", "::", "[::]"]);
/** A published port bound to every interface (Docker's default when no `ip` is given). */
export const isWildcardIp = (ip: unknown) => ip === undefined || ip === null || WILDCARD_IPS.has(String(ip));

/**
 * Whether a Docker container answers at `host:port`: by its name, host name or a network alias on a port it
 * listens on, or by a port it publishes (on that address, or on every interface).
 */
export function dockerContainerAnswers(container: PolicyResourceLike, host: string, port: number, containerPort: number): boolean {
    const names = new Set<string>([container.props.name, container.props.hostname].filter((n): n is string => typeof n === "string"));
    for (const network of (container.props.networksAdvanced ?? []) as Array<{ aliases?: string[] }>)
        for (const alias of network.aliases ?? []) names.add(alias);
    const ports = (container.props.ports ?? []) as Array<{ internal: number; external?: number; ip?: string }>;
    const internal = new Set<number>([containerPort, ...ports.map((p) => p.internal)]);
    if (names.has(host) && internal.has(port)) return true;
    return ports.some((p) => p.external === port && (p.ip === host || isWildcardIp(p.ip)));
}

/** Record of resources by a property (e.g. `id`, `arn`), for following references. */
export function indexBy(resources: readonly PolicyResourceLike[], type: string, key: string): Map<string, PolicyResourceLike> {
    return new Map(resources.filter((r) => r.type === type && typeof r.props[key] === "string").map((r) => [r.props[key] as string, r]));
}

/** A license key as pasted, without line-ending and surrounding-space differences (components/config/validate.ts). */
export function normalisedKey(key: string): string {
    return key
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .join("\n")
        .trim();
}
