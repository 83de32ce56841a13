/** The real parsers of the files our artifacts write: Java's Properties and XML parser, and HAProxy's own check. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { haproxyPath } from "../../helpers/haproxyBinary";
import { loadWithJava } from "../../helpers/javaProperties";
import { loadTomcatUsers as loadTomcatUsersOrErrors, TomcatUser } from "../../helpers/tomcatUsers";
import type { ContainerRoot } from "./containerRoot";

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

export type { TomcatUser };

/** Each file's users, as the JDK's XML parser reads them; throws if a file is not well-formed. */
export function loadTomcatUsers(files: readonly string[]): TomcatUser[][] {
    const loaded = loadTomcatUsersOrErrors(files);
    return files.map((file) => {
        const entry = loaded.get(file) as { users: TomcatUser[]; error?: string };
        if (entry.error !== undefined) throw new Error(`${file} is not a readable tomcat-users.xml: ${entry.error}`);
        return entry.users;
    });
}

/** `haproxy -c` on a config inside a container root, so the files it names resolve where the container has them. */
export function haproxyCheck(root: ContainerRoot, configPath: string): { status: number | null; output: string } {
    const result = root.run([haproxyPath(), "-c", "-f", configPath], { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" }, 20_000);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
