/** Every shell script in the repository passes shellcheck (the Debian package, installed by .ci/run). */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

function shellScripts(): string[] {
    const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    return tracked
        .split("\n")
        .filter((file) => file.endsWith(".sh") || file === ".ci/run")
        .map((file) => path.join(ROOT, file));
}

describe("shell scripts", () => {
    const scripts = shellScripts();

    it("include the entrypoints, the EC2 setup and the CI script", () => {
        const names = scripts.map((s) => path.relative(ROOT, s));
        expect(names).toEqual(
            expect.arrayContaining([
                "docker/web-author/entrypoint.sh",
                "docker/license-server/entrypoint.sh",
                "ec2/license-server/setup.sh",
                "ec2/license-server/await-ready.sh",
                ".ci/run",
            ]),
        );
    });

    it.each(shellScripts().map((s) => [path.relative(ROOT, s), s]))("%s passes shellcheck", (_name, script) => {
        // A POSIX script (`#!/bin/sh`, e.g. the readiness check SSM may start through `sh`) is checked as sh.
        const shell = fs.readFileSync(script, "utf8").startsWith("#!/bin/sh\n") ? "sh" : "bash";
        const result = spawnSync("shellcheck", [`--shell=${shell}`, "--severity=style", script], { encoding: "utf8" });
        expect(result.error).toBeUndefined();
        expect(result.stdout + result.stderr).toBe("");
        expect(result.status).toBe(0);
    });
});
