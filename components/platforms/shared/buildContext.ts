import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { repositoryDir } from "./repositoryFiles";

/**
 * The build context `docker/<name>` shipped with the package.
 * @internal
 */
export function dockerAssetDir(name: "web-author" | "license-server"): string {
    return repositoryDir(`docker/${name}`, "Dockerfile");
}

/**
 * A digest of a build context's files, used as the image's rebuild trigger: the image is rebuilt when, and only
 * when, the Dockerfile or the entrypoint changes, so an unchanged checkout previews quietly.
 * @internal
 */
export function contextDigest(dir: string, buildArgs: Readonly<Record<string, string>> = {}): string {
    const hash = createHash("sha256");
    for (const file of fs.readdirSync(dir).sort()) {
        hash.update(file)
            .update("\0")
            .update(fs.readFileSync(path.join(dir, file)))
            .update("\0");
    }
    // Build arguments change the image as much as the files do (e.g. another Web Author kit).
    for (const [key, value] of Object.entries(buildArgs).sort(([a], [b]) => a.localeCompare(b))) {
        hash.update(`arg:${key}=${value}`).update("\0");
    }
    return hash.digest("hex").slice(0, 16);
}
