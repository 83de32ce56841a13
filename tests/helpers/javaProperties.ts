/** Runs Java's own `java.util.Properties.load` on files (tests/fixtures/LoadProperties.java, Java 11+ source launch). */
import { execFileSync } from "node:child_process";
import path from "node:path";

const LOADER = path.join(__dirname, "..", "fixtures", "LoadProperties.java");

/** The entries of each file, as Java reads them. One JVM start for all files (it takes about a second). */
export function loadWithJava(files: readonly string[]): Map<string, Record<string, string>> {
    const out = execFileSync("java", [LOADER, ...files], { encoding: "utf8" });
    const result = new Map<string, Record<string, string>>(files.map((f) => [f, {}]));
    for (const line of out.split("\n").filter(Boolean)) {
        const [file, key, value64] = line.split("\t") as [string, string, string];
        (result.get(file) as Record<string, string>)[key] = Buffer.from(value64, "base64").toString("utf8");
    }
    return result;
}
