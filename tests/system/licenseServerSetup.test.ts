/**
 * ec2/license-server/setup.sh as an EC2 license server runs it, from the registered resources only: the stack program
 * with the shipped `Pulumi.prod.yaml` (its WAR URL set to one that crosses the shell quoting of `setup.env`) under the
 * mocks; the production license server's registered user data booted through cloud-init's module order
 * (harness/ec2Instance.ts), which writes `setup.env`, `setup.sh` and the users script and runs the setup; the secret
 * answered from the registered secret version. Only the system commands that would touch the disk, the network,
 * systemd or AWS are stubs (AWS CLI, blkid, mkfs, mount, mountpoint, curl, systemctl, hostname, sleep); jq, chown,
 * install and the Docker image's users script run for real inside the instance's container root.
 *
 * The broken cases change the world, not the inputs: a volume that is never attached, a volume an earlier instance
 * formatted, or the registered secret with one field taken out.
 */
import fs from "node:fs";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { bootInstance, BootedInstance, BootOptions } from "./harness/ec2Instance";
import { loadTomcatUsers } from "./harness/parsers";
import { Registered, RegisteredStack, registeredStack } from "./harness/registered";
import { prodStack, setPath, SYSTEM_SECRETS } from "./configs";

jest.setTimeout(120_000);

/** Query string, `&`, `$HOME` and a single quote: each would change the URL if `setup.env` were quoted wrongly. */
const TRICKY_WAR_URL = "https://downloads.example.com/license?file=servlet.war&sig=$HOME'x";
const WORK_DIR = "/var/lib/oxygen-license-server";
const SETUP = "/usr/local/sbin/oxygen-license-server-setup";
const USERS_FILE = "/etc/tomcat9/tomcat-users.xml";
const KEY_FILE = "/etc/oxygen-license-server/license-key";
const WAR = "/var/lib/tomcat9/webapps/oXygenLicenseServlet.war";
const FSTAB_LINE = `UUID=1111-2222 ${WORK_DIR} ext4 defaults,nofail 0 2\n`;
/** The lower layer of the instance's /etc is this machine's: the setup appends to what is there. */
const FSTAB_BEFORE = fs.readFileSync("/etc/fstab", "utf8");

const modeOf = (root: ContainerRoot, file: string) => (fs.statSync(root.hostPath(file)).mode & 0o777).toString(8);
/** `user:group` of a file, by the names in the instance's own /etc/passwd and /etc/group. */
function ownerOf(root: ContainerRoot, file: string): string {
    const { uid, gid } = fs.statSync(root.hostPath(file));
    const name = (db: string, id: number) =>
        root
            .readSeen(db)
            .split("\n")
            .map((line) => line.split(":"))
            .find((fields) => Number(fields[2]) === id)?.[0] ?? String(id);
    return `${name("/etc/passwd", uid)}:${name("/etc/group", gid)}`;
}
/** What setup.sh itself printed (cloud-init copies it to the instance's console log). */
const setupLines = (output: string) => output.split("\n").filter((line) => line.startsWith("oxygen-license-server-setup: "));

describeNeeding("containerRoots", "ec2/license-server/setup.sh, booted from the registered user data", () => {
    let stack: RegisteredStack;
    let instance: Registered;
    /** The registered secret, its version and what that version holds. */
    let arn: string;
    let versionId: string;
    let secret: { userPassword: string; adminPassword: string; licenseKey: string };
    let volumeId: string;
    const roots: ContainerRoot[] = [];
    const boot = (options: BootOptions = {}) => {
        const booted = bootInstance(stack, instance, options);
        roots.push(booted.root);
        return booted;
    };

    beforeAll(async () => {
        stack = await registeredStack(setPath(prodStack(), "licenseServer.warUrl", TRICKY_WAR_URL));
        instance = stack.ofType("aws:ec2/instance:Instance").find((i) => i.name === "webauthor-production-license-server-instance") as Registered;
        const secretResource = stack.ofType("aws:secretsmanager/secret:Secret").find((s) => s.name === "webauthor-production-license-server-secret");
        const version = stack.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.inputs.secretId === secretResource?.outputs.id);
        arn = String(secretResource?.outputs.arn);
        versionId = String(version?.outputs.versionId);
        secret = JSON.parse(String(version?.inputs.secretString));
        const attachments = stack.ofType("aws:ec2/volumeAttachment:VolumeAttachment").filter((a) => a.inputs.instanceId === instance.outputs.id);
        expect(attachments).toHaveLength(1);
        volumeId = String(attachments[0]?.inputs.volumeId);
        // The registered secret is what the config set: the checks below compare against the secret, not a copy.
        expect(secret).toEqual({
            userPassword: SYSTEM_SECRETS.licenseServerPassword,
            adminPassword: SYSTEM_SECRETS.licenseServerAdminPassword,
            licenseKey: SYSTEM_SECRETS.productionLicenseKey,
        });
    });
    afterAll(() => roots.forEach((r) => r.remove()));

    /** No value of the registered secret, nor any other secret of the config, in what the boot printed. */
    const expectNoSecretIn = (output: string) => {
        for (const value of [...Object.values(secret), ...Object.values(SYSTEM_SECRETS)]) expect(output).not.toContain(value);
    };

    describe("first boot on a blank data volume", () => {
        let booted: BootedInstance;
        beforeAll(() => {
            booted = boot();
        });

        it("formats the blank volume once, adds it to fstab and mounts it on the work directory, owned by tomcat", () => {
            expect(booted.status).toBe(0);
            expect(booted.devices).toEqual(["/dev/nvme1n1"]);
            expect(setupLines(booted.output)).toEqual([
                `oxygen-license-server-setup: formatting blank data volume ${volumeId} (/dev/nvme1n1)`,
                "oxygen-license-server-setup: license server started: http://ip-10-40-128-10.eu-west-1.compute.internal:8080/oXygenLicenseServlet/",
            ]);
            expect(booted.log.filter((l) => l.startsWith("mkfs"))).toEqual(["mkfs.ext4 -q -L oxygen-ls-data -- /dev/nvme1n1"]);
            expect(booted.log.filter((l) => l.startsWith("mount "))).toEqual([`mount -- ${WORK_DIR}`]);
            expect(booted.root.readSeen("/etc/fstab")).toBe(FSTAB_BEFORE + FSTAB_LINE);
            expect(ownerOf(booted.root, WORK_DIR)).toBe("tomcat:tomcat");
        });

        it("reads only the secret's registered version and writes Tomcat's users (0640, root:tomcat) and the key (0600) from it", () => {
            expect(booted.log.filter((l) => l.startsWith("aws "))).toEqual([
                `aws secretsmanager get-secret-value --region eu-west-1 --secret-id ${arn} --version-id ${versionId} --query SecretString --output text`,
            ]);
            // Escaped so that the JDK's XML parser reads back exactly the secret's passwords (XML and shell syntax in them).
            expect(loadTomcatUsers([booted.root.hostPath(USERS_FILE)])[0]).toEqual([
                { username: "webauthor", password: secret.userPassword, roles: "user" },
                { username: "admin", password: secret.adminPassword, roles: "admin" },
            ]);
            expect(modeOf(booted.root, USERS_FILE)).toBe("640");
            expect(ownerOf(booted.root, USERS_FILE)).toBe("root:tomcat");
            expect(booted.root.readFile(KEY_FILE)).toBe(secret.licenseKey);
            expect(modeOf(booted.root, KEY_FILE)).toBe("600");
            expect(ownerOf(booted.root, KEY_FILE)).toBe("root:root");
        });

        it("installs the WAR from the registered URL, quoted through setup.env, with nothing half-written beside it", () => {
            const curl = booted.log.filter((l) => l.startsWith("curl "));
            expect(curl).toHaveLength(1);
            const download = /^curl -fsSL --retry 5 --retry-connrefused -o (\S+) -- (.*)$/.exec(curl[0]!);
            expect(download?.[2]).toBe(TRICKY_WAR_URL);
            // Downloaded beside the target under a name Tomcat does not deploy, then moved into place.
            expect(download?.[1]).toMatch(/^\/var\/lib\/tomcat9\/webapps\/oXygenLicenseServlet\.war\.\w{6}$/);
            expect(booted.root.readFile(WAR)).toBe("WAR");
            expect(modeOf(booted.root, WAR)).toBe("644");
            expect(fs.readdirSync(booted.root.hostPath("/var/lib/tomcat9/webapps"))).toEqual(["oXygenLicenseServlet.war"]);
        });

        it("points Tomcat's work directory at the volume, and starts Tomcat only once it is mounted", () => {
            expect(booted.root.readFile("/var/lib/tomcat9/bin/setenv.sh")).toBe(
                `CATALINA_OPTS="$CATALINA_OPTS -Doxygen.license.server.work.dir=${WORK_DIR}"\n`,
            );
            expect(booted.root.readFile("/etc/systemd/system/tomcat9.service.d/oxygen-license-server.conf")).toBe(
                `[Unit]\nRequiresMountsFor=${WORK_DIR}\n\n[Service]\nReadWritePaths=${WORK_DIR}\n`,
            );
            const commands = booted.log.map((l) => l.split(" ")[0]);
            expect(booted.log.filter((l) => l.startsWith("systemctl "))).toEqual([
                "systemctl daemon-reload",
                "systemctl enable tomcat9",
                "systemctl restart tomcat9",
            ]);
            expect(commands.indexOf("mount")).toBeLessThan(commands.indexOf("systemctl"));
        });

        it("prints no secret", () => {
            expectNoSecretIn(booted.output);
        });
    });

    describe("a retained data volume", () => {
        let first: BootedInstance;
        beforeAll(() => {
            first = boot();
        });

        it("on a replacement instance: keeps the volume's file system (the activation state), mounts it, and writes the secrets afresh", () => {
            expect(first.status).toBe(0);
            const second = boot({ retainedVolumeOf: first });
            expect(second.status).toBe(0);
            expect(second.log.filter((l) => l.startsWith("mkfs"))).toEqual([]);
            expect(setupLines(second.output).filter((l) => l.includes("formatting"))).toEqual([]);
            expect(second.log.filter((l) => l.startsWith("mount "))).toEqual([`mount -- ${WORK_DIR}`]);
            expect(second.root.readSeen("/etc/fstab")).toBe(FSTAB_BEFORE + FSTAB_LINE);
            expect(second.root.readFile(KEY_FILE)).toBe(secret.licenseKey);
            expect(loadTomcatUsers([second.root.hostPath(USERS_FILE)])[0]?.map((u) => u.password)).toEqual([secret.userPassword, secret.adminPassword]);
            expectNoSecretIn(second.output);
        });

        it("run again on the same instance: neither formats again nor repeats the mount entry", () => {
            const again = first.run([SETUP]);
            expect(again.status).toBe(0);
            expect(again.log.filter((l) => l.startsWith("mkfs"))).toEqual([]);
            expect(again.log.filter((l) => l.startsWith("mount "))).toEqual([`mount -- ${WORK_DIR}`]);
            expect(first.root.readSeen("/etc/fstab")).toBe(FSTAB_BEFORE + FSTAB_LINE);
            expectNoSecretIn(again.output);
        });
    });

    describe.each(["userPassword", "adminPassword", "licenseKey"] as const)("the registered secret with %s taken out", (field) => {
        let booted: BootedInstance;
        beforeAll(() => {
            booted = boot({
                secretString: (registered) => {
                    const broken = JSON.parse(registered) as Record<string, string>;
                    delete broken[field];
                    return JSON.stringify(broken);
                },
            });
        });

        it("stops, naming the secret and the field, before writing users or key, downloading or starting anything", () => {
            expect(booted.status).not.toBe(0);
            expect(setupLines(booted.output)).toEqual([
                `oxygen-license-server-setup: formatting blank data volume ${volumeId} (/dev/nvme1n1)`,
                `oxygen-license-server-setup: secret ${arn} has no ${field}`,
            ]);
            expect(booted.output).toContain("runcmd exited with 64");
            expect(booted.root.exists(USERS_FILE)).toBe(false);
            expect(booted.root.exists(KEY_FILE)).toBe(false);
            expect(booted.log.filter((l) => /^(curl|systemctl) /.test(l))).toEqual([]);
            expectNoSecretIn(booted.output);
        });
    });

    describe("a data volume that is never attached", () => {
        let booted: BootedInstance;
        beforeAll(() => {
            booted = boot({ attachVolumes: false });
        });

        it("waits the full 10 minutes for it, then stops naming the registered volume, having touched nothing", () => {
            expect(booted.status).not.toBe(0);
            expect(booted.devices).toEqual([]);
            expect(setupLines(booted.output)).toEqual([`oxygen-license-server-setup: data volume ${volumeId} did not appear within 600 s`]);
            expect(booted.output).toContain("runcmd exited with 64");
            // 120 waits of 5 s (the sleep stub returns at once), and no other command.
            expect(booted.log).toEqual(Array.from({ length: 120 }, () => "sleep 5"));
            expect(booted.root.exists(USERS_FILE)).toBe(false);
            expect(booted.root.exists(KEY_FILE)).toBe(false);
            expect(booted.root.readSeen("/etc/fstab")).toBe(FSTAB_BEFORE);
        });
    });
});
