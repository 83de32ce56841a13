/**
 * ec2/license-server/setup.sh, run by bash against a scratch root: the commands that touch the machine (AWS CLI,
 * blkid, mkfs, mount, chown, curl, systemctl) are stubs on PATH that log their arguments; jq and the Docker image's
 * users script run for real. The settings file is the contract's rendering, so its quoting is tested too.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderSetupEnv } from "../../components/contract/licenseServerUserData";

const ROOT = path.join(__dirname, "..", "..");
const SETUP = path.join(ROOT, "ec2", "license-server", "setup.sh");
const USERS_SCRIPT = path.join(ROOT, "docker", "license-server", "entrypoint.sh");
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webauthor-production-license-server-secret-AbCdEf";
const WAR_URL = "https://downloads.example.com/license?file=servlet.war&sig=$HOME'x";
const SECRET = { userPassword: `a<b>&"c' $(whoami)`, adminPassword: "admin&pw", licenseKey: "PROD-KEY\nline two" };

/** A block device that exists on this machine; the stubs never touch it. */
const DEVICE = ["/dev/loop0", "/dev/sda", "/dev/vda", "/dev/nvme0n1"].find((d) => fs.existsSync(d) && fs.statSync(d).isBlockDevice());

const STUBS: Record<string, string> = {
    aws: `printf '%s\\n' "aws $*" >>"$STUB_LOG"; cat "$STUB_SECRET_FILE"`,
    // blkid: "-s UUID" prints the file system's UUID; a plain probe fails on a blank volume (as the real one does).
    blkid: `printf '%s\\n' "blkid $*" >>"$STUB_LOG"; if [[ "$1" == "-s" ]]; then echo 1111-2222; elif [[ -f "$STUB_FORMATTED" ]]; then exit 0; else exit 2; fi`,
    "mkfs.ext4": `printf '%s\\n' "mkfs.ext4 $*" >>"$STUB_LOG"; : >"$STUB_FORMATTED"`,
    mount: `printf '%s\\n' "mount $*" >>"$STUB_LOG"`,
    mountpoint: `printf '%s\\n' "mountpoint $*" >>"$STUB_LOG"; exit 1`,
    chown: `printf '%s\\n' "chown $*" >>"$STUB_LOG"`,
    curl: `printf '%s\\n' "curl $*" >>"$STUB_LOG"; while [[ $# -gt 0 ]]; do if [[ "$1" == "-o" ]]; then printf 'WAR' >"$2"; fi; shift; done`,
    systemctl: `printf '%s\\n' "systemctl $*" >>"$STUB_LOG"`,
};

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ls-setup-"));
    fs.mkdirSync(path.join(dir, "stubs"));
    for (const [name, body] of Object.entries(STUBS)) {
        fs.writeFileSync(path.join(dir, "stubs", name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
    }
    fs.writeFileSync(path.join(dir, "fstab"), "# static file system information\n");
    fs.writeFileSync(path.join(dir, "secret.json"), JSON.stringify(SECRET));
    fs.writeFileSync(
        path.join(dir, "setup.env"),
        renderSetupEnv({
            region: "eu-west-1",
            secretId: SECRET_ARN,
            secretVersionId: "3f1c2a9e-version",
            dataVolumeId: "vol-0123456789abcdef0",
            warUrl: WAR_URL,
            contextPath: "oXygenLicenseServlet",
            user: "webauthor",
            workDir: path.join(dir, "work"),
        }),
    );
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function runSetup(env: Record<string, string> = {}) {
    return spawnSync("bash", [SETUP, "configure-only"], {
        encoding: "utf8",
        timeout: 20_000,
        env: {
            PATH: `${path.join(dir, "stubs")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
            SETUP_ENV: path.join(dir, "setup.env"),
            TOMCAT_BASE: path.join(dir, "tomcat"),
            SYSTEMD_DIR: path.join(dir, "systemd"),
            FSTAB: path.join(dir, "fstab"),
            KEY_FILE: path.join(dir, "etc", "license-key"),
            CONFIGURE_USERS: USERS_SCRIPT,
            DATA_VOLUME_DEVICES: `/nonexistent/device ${DEVICE}`,
            DEVICE_WAIT_SECONDS: "0",
            STUB_LOG: path.join(dir, "log"),
            STUB_SECRET_FILE: path.join(dir, "secret.json"),
            STUB_FORMATTED: path.join(dir, "formatted"),
            ...env,
        },
    });
}
const log = () => (fs.existsSync(path.join(dir, "log")) ? fs.readFileSync(path.join(dir, "log"), "utf8").trim().split("\n") : []);
const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

(DEVICE === undefined ? describe.skip : describe)("ec2/license-server/setup.sh", () => {
    it("formats a blank data volume, mounts it, writes Tomcat's users and the key from the secret, and installs the servlet", () => {
        const result = runSetup();
        expect(result.stderr).toBe("oxygen-license-server-setup: formatting blank data volume vol-0123456789abcdef0 (" + DEVICE + ")\n");
        expect(result.status).toBe(0);
        const work = path.join(dir, "work");
        expect(log()).toEqual(
            expect.arrayContaining([
                `aws secretsmanager get-secret-value --region eu-west-1 --secret-id ${SECRET_ARN} --version-id 3f1c2a9e-version --query SecretString --output text`,
                `mkfs.ext4 -q -L oxygen-ls-data -- ${DEVICE}`,
                `mount -- ${work}`,
                `chown tomcat:tomcat -- ${work}`,
                expect.stringMatching(new RegExp(`^curl -fsSL --retry 5 --retry-connrefused -o \\S+ -- ${WAR_URL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)),
            ]),
        );
        expect(log().filter((line) => line.startsWith("systemctl"))).toEqual([]);
        expect(fs.readFileSync(path.join(dir, "fstab"), "utf8")).toContain(`UUID=1111-2222 ${work} ext4 defaults,nofail 0 2\n`);

        const users = path.join(dir, "tomcat", "conf", "tomcat-users.xml");
        const xml = fs.readFileSync(users, "utf8");
        expect(xml).toContain(`<user username="webauthor" password="a&lt;b&gt;&amp;&quot;c&apos; $(whoami)" roles="user"/>`);
        expect(xml).toContain(`<user username="admin" password="admin&amp;pw" roles="admin"/>`);
        expect(modeOf(users)).toBe("640");
        const keyFile = path.join(dir, "etc", "license-key");
        expect(fs.readFileSync(keyFile, "utf8")).toBe(SECRET.licenseKey);
        expect(modeOf(keyFile)).toBe("600");

        expect(fs.readFileSync(path.join(dir, "tomcat", "webapps", "oXygenLicenseServlet.war"), "utf8")).toBe("WAR");
        expect(fs.readdirSync(path.join(dir, "tomcat", "webapps"))).toEqual(["oXygenLicenseServlet.war"]);
        expect(fs.readFileSync(path.join(dir, "tomcat", "bin", "setenv.sh"), "utf8")).toBe(
            `CATALINA_OPTS="$CATALINA_OPTS -Doxygen.license.server.work.dir=${work}"\n`,
        );
        expect(fs.readFileSync(path.join(dir, "systemd", "tomcat9.service.d", "oxygen-license-server.conf"), "utf8")).toBe(
            `[Unit]\nRequiresMountsFor=${work}\n\n[Service]\nReadWritePaths=${work}\n`,
        );
        // No secret on the console (cloud-init copies it to the instance's log).
        for (const value of Object.values(SECRET)) expect(result.stdout + result.stderr).not.toContain(value);
    });

    it("keeps a retained volume's file system (the activation state) and does not repeat the mount entry", () => {
        expect(runSetup().status).toBe(0);
        expect(runSetup().status).toBe(0);
        expect(log().filter((line) => line.startsWith("mkfs.ext4"))).toHaveLength(1);
        expect(fs.readFileSync(path.join(dir, "fstab"), "utf8").match(/UUID=1111-2222 /g)).toHaveLength(1);
    });

    it("stops, naming the field, when the secret lacks one, and writes no users file", () => {
        fs.writeFileSync(path.join(dir, "secret.json"), JSON.stringify({ userPassword: "p", adminPassword: "a" }));
        const result = runSetup();
        expect(result.status).toBe(64);
        expect(result.stderr).toContain(`secret ${SECRET_ARN} has no licenseKey`);
        expect(fs.existsSync(path.join(dir, "tomcat", "conf", "tomcat-users.xml"))).toBe(false);
    });

    it("stops when the data volume never appears", () => {
        const result = runSetup({ DATA_VOLUME_DEVICES: "/nonexistent/device" });
        expect(result.status).toBe(64);
        expect(result.stderr).toContain("data volume vol-0123456789abcdef0 did not appear within 0 s");
        expect(log()).toEqual([]);
    });
});
