import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../components/config/configError";
import { DeploymentConfig, OBJECT_KEYS } from "../components/config/schema";
import { parseDeploymentConfig, RawStackConfig } from "../components/config/validate";

/**
 * Pulumi's own answer to "was this key set with --secret?". The SDK exports it at run time but marks it internal in
 * its typings; our SDK version is pinned, and the plain-text-secret cases in tests/components/badConfig.test.ts fail if it goes away.
 */
function isConfigSecret(fullKey: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function") {
        throw new Error("@pulumi/pulumi no longer exposes runtime.isConfigSecret; cannot tell secret config from plain text");
    }
    return runtime.isConfigSecret(fullKey);
}

/**
 * Reads this stack's configuration under `namespace` from the Pulumi runtime, with the list of keys that Pulumi
 * stores as secrets. Structured values (`pulumi config set --path`) arrive as JSON text and are parsed here.
 * Registers nothing.
 */
export function readRawStackConfig(namespace: string): RawStackConfig {
    const prefix = `${namespace}:`;
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    const badJson: string[] = [];
    for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        if (isConfigSecret(fullKey)) secretKeys.add(key);
        if ((OBJECT_KEYS as readonly string[]).includes(key)) {
            try {
                values[key] = JSON.parse(text);
            } catch {
                badJson.push(key);
            }
        } else {
            values[key] = text;
        }
    }
    if (badJson.length > 0) {
        throw new ConfigValidationError(
            namespace,
            badJson.map((key) => ({ key, message: "must be an object (set its fields with `pulumi config set --path`)" })),
        );
    }
    return { values, secretKeys };
}

/**
 * Reads and validates the stack configuration. Throws a `ConfigValidationError` naming every bad key before
 * anything is registered. Default namespace: the Pulumi project's name.
 */
export function readDeploymentConfig(namespace: string = pulumi.getProject()): DeploymentConfig {
    return parseDeploymentConfig(readRawStackConfig(namespace), namespace);
}
