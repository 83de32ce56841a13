/** Parses tomcat-users.xml with the JDK's XML parser (tests/fixtures/LoadTomcatUsers.java, Java 11+ source launch). */
import { execFileSync } from "node:child_process";
import path from "node:path";

const LOADER = path.join(__dirname, "..", "fixtures", "LoadTomcatUsers.java");

export interface TomcatUser {
    readonly username: string;
    readonly password: string;
    readonly roles: string;
}

const decode = (value: string) => Buffer.from(value, "base64").toString("utf8");

/** The users of each file as the XML parser reads them, or an `error` if the file is not well-formed. One JVM for all files. */
export function loadTomcatUsers(files: readonly string[]): Map<string, { users: TomcatUser[]; error?: string }> {
    const out = execFileSync("java", [LOADER, ...files], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const result = new Map<string, { users: TomcatUser[]; error?: string }>(files.map((f) => [f, { users: [] }]));
    for (const line of out.split("\n").filter(Boolean)) {
        const [file, first, second, roles] = line.split("\t") as [string, string, string, string | undefined];
        const entry = result.get(file) as { users: TomcatUser[]; error?: string };
        if (first === "ERROR") entry.error = decode(second);
        else entry.users.push({ username: decode(first), password: decode(second), roles: roles ?? "" });
    }
    return result;
}
