/** The real parsers of the files our artifacts write: Java's Properties and XML parser, and HAProxy's own check. */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadWithJava } from "../../helpers/javaProperties";
import type { ContainerRoot } from "./containerRoot";

const USERS_LOADER = path.join(__dirname, "..", "..", "fixtures", "LoadTomcatUsers.java");

/** `java.util.Properties.load` of each text (copied to scratch files: the loader takes paths). */
export function loadProperties(texts: readonly string[]): Array<Record<string, string>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sys-properties-"));
    try {
        const files = texts.map((text, i) => {
            const file = path.join(dir, `${i}.properties`);
            fs.writeFileSync(file, text);
            return file;
        });
        const loaded = loadWithJava(files);
        return files.map((f) => loaded.get(f) as Record<string, string>);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export interface TomcatUser {
    readonly username: string;
    readonly password: string;
    readonly roles: string;
}

/** Each file's users, as the JDK's XML parser reads them; throws if a file is not well-formed. */
export function loadTomcatUsers(files: readonly string[]): TomcatUser[][] {
    const out = execFileSync("java", [USERS_LOADER, ...files], { encoding: "utf8", timeout: 60_000 });
    const byFile = new Map<string, TomcatUser[]>(files.map((f) => [f, []]));
    for (const line of out.split("\n").filter(Boolean)) {
        const [file, username, password64, roles] = line.split("\t") as [string, string, string, string];
        byFile.get(file)?.push({ username, password: Buffer.from(password64, "base64").toString("utf8"), roles });
    }
    return files.map((f) => byFile.get(f) as TomcatUser[]);
}

/** `haproxy -c` on a config inside a container root, so the files it names resolve where the container has them. */
export function haproxyCheck(root: ContainerRoot, configPath: string): { status: number | null; output: string } {
    const result = root.run(["/usr/sbin/haproxy", "-c", "-f", configPath], { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" }, 20_000);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Whether HAProxy is installed (it is in CI; see .ci/run). */
export const haproxyInstalled = () => spawnSync("haproxy", ["-v"]).status === 0;
