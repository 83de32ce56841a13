import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { NS, SECRETS } from "./sampleConfig";

/**
 * A `Pulumi.<stack>.yaml` as the Pulumi runtime would hand it to the program: namespaced keys, structured values as
 * JSON text, plus stand-ins for the secrets the README tells the user to set with `pulumi config set --secret`.
 */
export function stackFileConfig(stack: string, secrets: Record<string, string> = SECRETS) {
    const file = path.join(__dirname, "..", "..", `Pulumi.${stack}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config)) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    for (const [key, value] of Object.entries(secrets)) config[`${NS}:${key}`] = value;
    return { config, secretKeys: Object.keys(secrets).map((key) => `${NS}:${key}`) };
}
