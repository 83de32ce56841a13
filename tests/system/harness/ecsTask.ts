/**
 * A registered `aws:ecs/taskDefinition:TaskDefinition`'s containers, started as ECS (Fargate) would start them, from
 * the registered resources only: the image its `image` names (built from the registered build context), the image's
 * ENV, then `environment`, then each of `secrets` resolved from the registered Secrets Manager versions, and the
 * image's ENTRYPOINT (or the definition's `entryPoint`/`command`).
 */
import { ContainerRoot } from "./containerRoot";
import { ImageModel, imageFromBuildContext, installImage } from "./images";
import type { Registered, RegisteredStack } from "./registered";

export interface EcsContainerDefinition {
    readonly name: string;
    readonly image: string;
    readonly environment?: Array<{ name: string; value: string }>;
    readonly secrets?: Array<{ name: string; valueFrom: string }>;
    readonly mountPoints?: Array<{ containerPath: string }>;
    readonly entryPoint?: string[];
    readonly command?: string[];
}

/**
 * What ECS injects for one `secrets` entry, whose `valueFrom` is
 * `<secret ARN>[:<json-key>:<version-stage>:<version-id>]` (Secrets Manager's documented form; empty fields mean
 * "whole string", AWSCURRENT, and "the stage's version"). Throws where ECS would fail the task
 * (ResourceInitializationError): no such secret or version, not JSON, no such key.
 */
export function resolveSecret(stack: RegisteredStack, valueFrom: string): string {
    const secrets = stack.ofType("aws:secretsmanager/secret:Secret").filter((s) => valueFrom === s.outputs.arn || valueFrom.startsWith(`${s.outputs.arn}:`));
    if (secrets.length !== 1) throw new Error(`valueFrom ${valueFrom} names no registered secret`);
    const secret = secrets[0] as Registered;
    const rest = valueFrom.slice(String(secret.outputs.arn).length);
    const [jsonKey = "", versionStage = "", versionId = ""] = rest === "" ? [] : rest.slice(1).split(":");
    if (rest !== "" && rest.slice(1).split(":").length !== 3) throw new Error(`valueFrom ${valueFrom}: expected <arn>:<json-key>:<version-stage>:<version-id>`);
    if (versionStage !== "" && versionId !== "") throw new Error(`valueFrom ${valueFrom}: give a version stage or a version ID, not both`);
    const versions = stack.ofType("aws:secretsmanager/secretVersion:SecretVersion").filter((v) => v.inputs.secretId === secret.outputs.id);
    // Without an ID, the stage's version; the program registers one version per secret, which is AWSCURRENT.
    const chosen =
        versionId !== "" ? versions.filter((v) => v.outputs.versionId === versionId) : versionStage === "" || versionStage === "AWSCURRENT" ? versions : [];
    if (chosen.length !== 1) throw new Error(`valueFrom ${valueFrom}: no such version of ${secret.name}`);
    const secretString = String((chosen[0] as Registered).inputs.secretString);
    if (jsonKey === "") return secretString;
    const value = (JSON.parse(secretString) as Record<string, unknown>)[jsonKey];
    if (typeof value !== "string") throw new Error(`valueFrom ${valueFrom}: the secret has no string key ${jsonKey}`);
    return value;
}

export interface EcsContainerSpec {
    readonly task: Registered;
    readonly definition: EcsContainerDefinition;
    readonly image: ImageModel;
    readonly env: Record<string, string>;
    readonly command: readonly string[];
}

export function ecsContainerSpecs(stack: RegisteredStack, task: Registered): EcsContainerSpec[] {
    const definitions = JSON.parse(String(task.inputs.containerDefinitions)) as EcsContainerDefinition[];
    const region = String(stack.providerOf(task)?.inputs.region ?? "");
    return definitions.map((definition) => {
        const built = stack.withOutput("docker:index/image:Image", "imageName", definition.image);
        const build = built.inputs.build as { context: string; dockerfile?: string };
        const image = imageFromBuildContext(build.context, build.dockerfile);
        const env: Record<string, string> = {
            ...image.env,
            HOSTNAME: "ip-10-40-128-10.ec2.internal",
            HOME: "/root",
            // Fargate's own variables.
            AWS_EXECUTION_ENV: "AWS_ECS_FARGATE",
            AWS_REGION: region,
            AWS_DEFAULT_REGION: region,
        };
        for (const { name, value } of definition.environment ?? []) env[name] = value;
        for (const { name, valueFrom } of definition.secrets ?? []) env[name] = resolveSecret(stack, valueFrom);
        const command = [...(definition.entryPoint ?? image.entrypoint), ...(definition.command ?? [])];
        return { task, definition, image, env, command };
    });
}

/** A container root with the image's files and the definition's mount points, ready to start. */
export function prepareEcsContainer(spec: EcsContainerSpec, launcherScript: string): ContainerRoot {
    const root = new ContainerRoot(`${spec.task.name.slice(-24)}-${spec.definition.name}`);
    installImage(root, spec.image, launcherScript);
    for (const mount of spec.definition.mountPoints ?? []) root.mkdir(mount.containerPath);
    return root;
}
