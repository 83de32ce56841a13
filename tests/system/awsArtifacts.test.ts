/**
 * The AWS artifacts the stack program registers (the shipped `Pulumi.prod.yaml`, and redundancy in another region),
 * started from the registered resources only: each ECS task's container as Fargate would start it (environment plus
 * secrets resolved from the registered secret versions, the image's entrypoint, Tomcat replaced by a probe), and each
 * EC2 license server's first boot (user data through cloud-init's module order, setup.sh against stubs).
 */
import fs from "node:fs";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { bootInstance, BootedInstance } from "./harness/ec2Instance";
import { ecsContainerSpecs, prepareEcsContainer } from "./harness/ecsTask";
import { probeLauncher, readProbe } from "./harness/images";
import { loadProperties, loadTomcatUsers } from "./harness/parsers";
import { RegisteredStack, registeredStack } from "./harness/registered";
import { AWS_STACKS, SYSTEM_SECRETS, WAR_URL } from "./configs";

jest.setTimeout(120_000);

const ROLES = ["production", "redundancy"] as const;
const USER = "webauthor";
const KEYS = { production: SYSTEM_SECRETS.productionLicenseKey, redundancy: SYSTEM_SECRETS.redundancyLicenseKey };
const systemProperty = (catalinaOpts: string, name: string) => new RegExp(`-D${name.replace(/\./g, "\\.")}=(\\S+)`).exec(catalinaOpts)?.[1];

describeNeeding("containerRoots", "AWS artifacts started from the registered resources", () => {
    describe.each(Object.entries(AWS_STACKS))("stack %s", (_label, makeStack) => {
        let stack: RegisteredStack;
        const roots: ContainerRoot[] = [];
        beforeAll(async () => {
            stack = await registeredStack(makeStack());
        });
        afterAll(() => roots.forEach((r) => r.remove()));

        describe.each(ROLES)("%s Web Author task", (role) => {
            let started: { root: ContainerRoot; status: number | null; output: string; tomcat: ReturnType<typeof readProbe> };
            beforeAll(() => {
                const task = stack.ofType("aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `webauthor-${role}-web-author-task-definition`);
                const [spec, ...others] = ecsContainerSpecs(stack, task as never);
                expect(others).toEqual([]);
                if (spec === undefined) throw new Error("no container in the task definition");
                const root = prepareEcsContainer(spec, "");
                roots.push(root);
                const probe = { args: root.scratch("probe-args"), env: root.scratch("probe-env") };
                root.writeFile(spec.image.launcher, probeLauncher(probe.args, probe.env), 0o755);
                const result = root.run(spec.command, spec.env);
                started = { root, status: result.status, output: `${result.stdout}${result.stderr}`, tomcat: readProbe(probe.args, probe.env) };
            });

            it("reaches Tomcat, with the admin setup password ECS injected, and prints no secret", () => {
                for (const secret of Object.values(SYSTEM_SECRETS)) expect(started.output).not.toContain(secret);
                expect(started.output).toBe("");
                expect(started.status).toBe(0);
                expect(started.tomcat?.args).toEqual(["run"]);
                expect(started.tomcat?.env.OXYGEN_ADMIN_SETUP_PASSWORD).toBe(SYSTEM_SECRETS.webAuthorAdminPassword);
            });

            it("writes license.properties on the task's data volume: production's license server main, redundancy's backup, the password byte for byte", () => {
                const task = stack.ofType("aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `webauthor-${role}-web-author-task-definition`);
                const [definition] = JSON.parse(String(task?.inputs.containerDefinitions)) as Array<{ mountPoints: Array<{ containerPath: string }> }>;
                const dataDir = systemProperty(started.tomcat?.env.CATALINA_OPTS as string, "oxygen.data.dir") as string;
                // Web Author's data directory is the EFS mount point, so what is written there outlives the task.
                expect(definition?.mountPoints.map((m) => m.containerPath)).toEqual([dataDir]);
                const [options] = loadProperties([started.root.readFile(`${dataDir}/options/license.properties`)]) as [Record<string, string>];
                const privateZone = stack.ofType("aws:route53/zone:Zone").find((z) => z.inputs.vpcs !== undefined);
                for (const [prefix, target] of [
                    ["", "production"],
                    ["backup.", "redundancy"],
                ] as const) {
                    const url = new URL(options[`${prefix}licensing.server.url`] as string);
                    // The name resolves in the private zone to that environment's license server (its record).
                    const record = stack.ofType("aws:route53/record:Record").find((r) => r.inputs.name === url.hostname);
                    expect(record?.name).toBe(`webauthor-${target}-license-server-dns`);
                    expect(record?.inputs.zoneId).toBe(privateZone?.outputs.zoneId);
                    // Ubuntu's tomcat9 listens on 8080; the servlet's context path is the WAR's name.
                    expect(url.port).toBe("8080");
                    expect(url.pathname).toBe("/oXygenLicenseServlet/license-servlet");
                    expect(options[`${prefix}licensing.server.user`]).toBe(USER);
                    expect(options[`${prefix}licensing.server.password`]).toBe(SYSTEM_SECRETS.licenseServerPassword);
                }
            });
        });

        describe.each(ROLES)("%s license server instance", (role) => {
            let booted: BootedInstance;
            beforeAll(() => {
                const instance = stack.ofType("aws:ec2/instance:Instance").find((i) => i.name === `webauthor-${role}-license-server-instance`);
                booted = bootInstance(stack, instance as never);
                roots.push(booted.root);
            });

            it("boots: packages, then setup reads its own secret's registered version, starts Tomcat, and prints no secret", () => {
                for (const secret of Object.values(SYSTEM_SECRETS)) expect(booted.output).not.toContain(secret);
                expect(booted.status).toBe(0);
                expect(booted.packages).toEqual(expect.arrayContaining(["tomcat9", "openjdk-17-jre-headless", "awscli", "jq", "curl"]));
                const secret = stack.ofType("aws:secretsmanager/secret:Secret").find((s) => s.name === `webauthor-${role}-license-server-secret`);
                const version = stack.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.inputs.secretId === secret?.outputs.id);
                expect(booted.log.filter((l) => l.startsWith("aws "))).toEqual([
                    expect.stringContaining(
                        `secretsmanager get-secret-value --region ${stack.providerOf(secret as never)?.inputs.region} --secret-id ${secret?.outputs.arn} --version-id ${version?.outputs.versionId} `,
                    ),
                ]);
                expect(booted.log.filter((l) => l.startsWith("systemctl "))).toEqual([
                    "systemctl daemon-reload",
                    "systemctl enable tomcat9",
                    "systemctl restart tomcat9",
                ]);
                expect(booted.log.filter((l) => l.startsWith("curl "))).toEqual([
                    `curl -fsSL --retry 5 --retry-connrefused -o ${booted.log.find((l) => l.startsWith("curl "))?.split(" ")[6]} -- ${WAR_URL}`,
                ]);
                expect(booted.root.readFile("/var/lib/tomcat9/webapps/oXygenLicenseServlet.war")).toBe("WAR");
            });

            it("writes tomcat-users.xml that the JDK's XML parser reads as exactly the user and the admin", () => {
                // Ubuntu's /var/lib/tomcat9/conf is /etc/tomcat9.
                expect(fs.readlinkSync(booted.root.hostPath("/var/lib/tomcat9/conf"))).toBe("/etc/tomcat9");
                const file = booted.root.hostPath("/etc/tomcat9/tomcat-users.xml");
                expect(loadTomcatUsers([file])[0]).toEqual([
                    { username: USER, password: SYSTEM_SECRETS.licenseServerPassword, roles: "user" },
                    { username: "admin", password: SYSTEM_SECRETS.licenseServerAdminPassword, roles: "admin" },
                ]);
                expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("640");
                expect(booted.root.readFile("/var/lib/tomcat9/bin/setenv.sh")).toContain("-Doxygen.license.server.work.dir=/var/lib/oxygen-license-server");
            });

            it("keeps its own key, and only its own, root-only", () => {
                const keyFile = "/etc/oxygen-license-server/license-key";
                expect(booted.root.readFile(keyFile)).toBe(KEYS[role]);
                expect((fs.statSync(booted.root.hostPath(keyFile)).mode & 0o777).toString(8)).toBe("600");
                const other = KEYS[role === "production" ? "redundancy" : "production"];
                const everything = (dir: string): string[] =>
                    fs
                        .readdirSync(dir, { withFileTypes: true })
                        .flatMap((e) => (e.isDirectory() ? everything(`${dir}/${e.name}`) : e.isFile() ? [fs.readFileSync(`${dir}/${e.name}`, "utf8")] : []));
                expect(
                    everything(booted.root.hostPath("/etc"))
                        .concat(everything(booted.root.hostPath("/var")))
                        .some((text) => text.includes(other)),
                ).toBe(false);
            });
        });
    });
});
