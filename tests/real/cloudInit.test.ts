/**
 * The license servers' user data, as the AWS stack registers it under the mocks, checked by cloud-init's own schema
 * validator (`cloud-init schema`, the Debian package) and against EC2's size limit. A schema error, an unknown key or
 * a wrong type fails the test; so does a script in the user data that differs from the repository's file.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { EC2_USER_DATA_LIMIT_BYTES } from "../../components/contract/licenseServerUserData";
import { deployStack } from "../../stacks/program";
import { runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";

const ROOT = path.join(__dirname, "..", "..");

let userData: Record<string, string>;
let dir: string;

beforeAll(async () => {
    const { config, secretKeys } = asPulumiConfig(awsSampleValues());
    const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES);
    userData = Object.fromEntries(
        resources.filter((r) => r.type === "aws:ec2/instance:Instance").map((r) => [r.name, (unwrapSecrets(r.inputs) as { userData: string }).userData]),
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloud-init-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("license-server user data", () => {
    it("exists for both license servers", () => {
        expect(Object.keys(userData).sort()).toEqual(["webauthor-production-license-server-instance", "webauthor-redundancy-license-server-instance"]);
    });

    it.each(["production", "redundancy"])("passes `cloud-init schema` (%s)", (role) => {
        const file = path.join(dir, `${role}.yaml`);
        fs.writeFileSync(file, userData[`webauthor-${role}-license-server-instance`] as string);
        const result = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8", timeout: 60_000 });
        expect(result.error).toBeUndefined();
        expect(result.stderr).toBe("");
        expect(result.stdout).toMatch(/Valid cloud-config/);
        expect(result.status).toBe(0);
    });

    it("fits EC2's 16 KiB limit and installs the repository's scripts byte for byte", () => {
        for (const text of Object.values(userData)) {
            expect(Buffer.byteLength(text, "utf8")).toBeLessThan(EC2_USER_DATA_LIMIT_BYTES);
            expect(text.startsWith("#cloud-config\n")).toBe(true);
            const doc = parse(text) as { write_files: Array<{ path: string; content: string }>; runcmd: string[][]; packages: string[] };
            const files = Object.fromEntries(doc.write_files.map((f) => [f.path, f.content]));
            expect(files["/usr/local/sbin/oxygen-license-server-setup"]).toBe(fs.readFileSync(path.join(ROOT, "ec2", "license-server", "setup.sh"), "utf8"));
            expect(files["/usr/local/lib/oxygen-license-server/configure-tomcat-users.sh"]).toBe(
                fs.readFileSync(path.join(ROOT, "docker", "license-server", "entrypoint.sh"), "utf8"),
            );
            expect(doc.runcmd).toEqual([["/usr/local/sbin/oxygen-license-server-setup"]]);
            expect(doc.packages).toEqual(expect.arrayContaining(["tomcat9", "openjdk-17-jre-headless", "awscli", "jq"]));
        }
    });

    it("is rejected by the validator when broken (so the check above can fail)", () => {
        const file = path.join(dir, "broken.yaml");
        fs.writeFileSync(
            file,
            `${userData["webauthor-production-license-server-instance"]}package_update: "sometimes"\n`.replace("package_update: true\n", ""),
        );
        const result = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8", timeout: 60_000 });
        expect(result.status).not.toBe(0);
        expect(result.stdout + result.stderr).toMatch(/package_update/);
    });
});
