import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The repository's `docker/` folder, found from this file both when run from source (components/platforms/docker)
 * and when compiled (dist/components/platforms/docker).
 */
export function dockerAssetDir(name: "web-author" | "license-server"): string {
    const candidates = [path.resolve(__dirname, "../../../docker", name), path.resolve(__dirname, "../../../../docker", name)];
    const found = candidates.find((dir) => fs.existsSync(path.join(dir, "Dockerfile")));
    if (found === undefined) {
        throw new Error(`docker/${name}/Dockerfile not found next to the package (looked in ${candidates.join(", ")})`);
    }
    return found;
}

/**
 * A digest of a build context's files, used as the image's rebuild trigger: the image is rebuilt when, and only
 * when, the Dockerfile or the entrypoint changes, so an unchanged checkout previews quietly.
 */
export function contextDigest(dir: string): string {
    const hash = createHash("sha256");
    for (const file of fs.readdirSync(dir).sort()) {
        hash.update(file).update("\0").update(fs.readFileSync(path.join(dir, file))).update("\0");
    }
    return hash.digest("hex").slice(0, 16);
}
