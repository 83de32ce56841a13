import fs from "node:fs";
import path from "node:path";

/**
 * A directory shipped at the package's root (`docker/web-author`, `ec2/license-server`), found from this file both
 * when run from source (components/platforms/shared) and when compiled (dist/components/platforms/shared).
 * @internal
 */
export function repositoryDir(relative: string, marker: string): string {
    const candidates = [path.resolve(__dirname, "../../..", relative), path.resolve(__dirname, "../../../..", relative)];
    const found = candidates.find((dir) => fs.existsSync(path.join(dir, marker)));
    if (found === undefined) {
        throw new Error(`${relative}/${marker} not found next to the package (looked in ${candidates.join(", ")})`);
    }
    return found;
}

/**
 * The text of a file shipped at the package's root, e.g. `ec2/license-server/setup.sh`.
 * @internal
 */
export function repositoryFileText(relative: string): string {
    return fs.readFileSync(path.join(repositoryDir(path.dirname(relative), path.basename(relative)), path.basename(relative)), "utf8");
}
