/**
 * Starts what the program registered the way its platform would, from the registered inputs only: a Docker
 * container's entrypoint with the container's `envs` and its `uploads` written under a sandbox root, an ECS task's
 * entrypoint with the task definition's `environment` plus its `secrets` resolved from the registered secret version.
 * Only the image's own paths (Tomcat, data and work directories) are moved into the sandbox.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { RecordedResource, unwrapSecrets } from "./pulumiMocks";

export const ENTRYPOINTS = {
    webAuthor: path.join(__dirname, "..", "..", "docker", "web-author", "entrypoint.sh"),
    licenseServer: path.join(__dirname, "..", "..", "docker", "license-server", "entrypoint.sh"),
} as const;

export function byName(resources: readonly RecordedResource[], name: string): RecordedResource {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}; have: ${resources.map((r) => r.name).join(", ")}`);
    return found;
}

export function envsOf(resource: RecordedResource): Record<string, string> {
    const envs = (unwrapSecrets(resource.inputs) as { envs?: string[] }).envs ?? [];
    return Object.fromEntries(envs.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

export function uploadsOf(resource: RecordedResource): Record<string, string> {
    const uploads = (unwrapSecrets(resource.inputs) as { uploads?: Array<{ file: string; content: string }> }).uploads ?? [];
    return Object.fromEntries(uploads.map((u) => [u.file, u.content]));
}

/** The image's own directories, moved under the sandbox (the entrypoints take them from these variables). */
function imagePaths(root: string): Record<string, string> {
    return {
        CATALINA_HOME: path.join(root, "usr/local/tomcat"),
        WEBAPP_DIR: path.join(root, "usr/local/tomcat/webapps/oxygen-xml-web-author"),
        OXYGEN_DATA_DIR: path.join(root, "data"),
    };
}

function run(entrypoint: string, env: Record<string, string>): SpawnSyncReturns<string> {
    return spawnSync("bash", [entrypoint, "configure-only"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
}

/**
 * Runs `entrypoint` as Docker would start `container`: its uploads written under `root` (the `_FILE` variables that
 * name them are pointed there), its other variables as registered.
 */
export function startContainer(container: RecordedResource, entrypoint: string, root: string): SpawnSyncReturns<string> {
    const uploads = uploadsOf(container);
    for (const [file, content] of Object.entries(uploads)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), content);
    }
    const env = Object.fromEntries(
        Object.entries(envsOf(container)).map(([name, value]) => [name, value in uploads || name === "WORK_DIR" ? path.join(root, value) : value]),
    );
    return run(entrypoint, { ...env, ...imagePaths(root) });
}

/**
 * Runs the Web Author entrypoint as ECS would start the task definition's container: `environment` as given, each
 * of `secrets` resolved from the registered secret version's JSON (`valueFrom` = `<arn>:<json key>::<version>`).
 */
export function startEcsTask(taskDefinition: RecordedResource, secretVersion: RecordedResource, root: string): SpawnSyncReturns<string> {
    const [container] = JSON.parse((unwrapSecrets(taskDefinition.inputs) as { containerDefinitions: string }).containerDefinitions) as Array<{
        environment: Array<{ name: string; value: string }>;
        secrets: Array<{ name: string; valueFrom: string }>;
    }>;
    const secret = JSON.parse((unwrapSecrets(secretVersion.inputs) as { secretString: string }).secretString) as Record<string, string>;
    const env: Record<string, string> = Object.fromEntries((container?.environment ?? []).map((e) => [e.name, e.value]));
    for (const { name, valueFrom } of container?.secrets ?? []) {
        const jsonKey = valueFrom.split(":").slice(-3)[0] as string;
        env[name] = secret[jsonKey] as string;
    }
    return run(ENTRYPOINTS.webAuthor, { ...env, ...imagePaths(root) });
}
