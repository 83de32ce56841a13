/**
 * Every Docker container the stack program registers (the shipped `Pulumi.local.yaml`, and three Docker hosts),
 * started as Docker would start it from its registered inputs only, with Tomcat replaced by a probe that records how
 * it was started; then every file it wrote, read by its real parser.
 */
import { HAPROXY_PATHS } from "../../components";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { dockerContainers, dockerContainerSpec, prepareDockerContainer } from "./harness/dockerContainer";
import { hostPortOf, landsOn } from "./harness/dockerNetwork";
import { probeLauncher, readProbe } from "./harness/images";
import { isConfigWriter, prepareLoadBalancer, runConfigWriter } from "./harness/loadBalancerVolume";
import { haproxyCheck, loadProperties, loadTomcatUsers } from "./harness/parsers";
import { RegisteredStack, registeredStack } from "./harness/registered";
import { DOCKER_STACKS, SYSTEM_SECRETS } from "./configs";

jest.setTimeout(120_000);

const ROLES = ["production", "redundancy"] as const;
const USER = "webauthor";
const SERVLET_PATH = "/oXygenLicenseServlet/license-servlet";
const KEYS = { production: SYSTEM_SECRETS.productionLicenseKey, redundancy: SYSTEM_SECRETS.redundancyLicenseKey };

interface Started {
    readonly root: ContainerRoot;
    readonly status: number | null;
    readonly output: string;
    readonly tomcat: { args: string[]; env: Record<string, string> } | undefined;
}

/** Starts a container of our images: its ENTRYPOINT with its environment; Tomcat's launcher is the probe. */
function start(stack: RegisteredStack, containerName: string, roots: ContainerRoot[]): Started {
    const spec = dockerContainerSpec(stack, dockerContainers(stack).get(containerName) as never);
    if (spec.image === undefined) throw new Error(`${containerName} runs a vendor image`);
    const root = prepareDockerContainer(spec, "");
    roots.push(root);
    const probe = { args: root.scratch("probe-args"), env: root.scratch("probe-env") };
    root.writeFile(spec.image.launcher, probeLauncher(probe.args, probe.env), 0o755);
    const result = root.run(spec.image.entrypoint, spec.env);
    return { root, status: result.status, output: `${result.stdout}${result.stderr}`, tomcat: readProbe(probe.args, probe.env) };
}

const systemProperty = (catalinaOpts: string, name: string) => new RegExp(`-D${name.replace(/\./g, "\\.")}=(\\S+)`).exec(catalinaOpts)?.[1];

describeNeeding("containerRoots", "Docker containers started from the registered resources", () => {
    describe.each(Object.entries(DOCKER_STACKS))("stack %s", (_label, makeStack) => {
        let stack: RegisteredStack;
        const roots: ContainerRoot[] = [];
        const started = new Map<string, Started>();
        beforeAll(async () => {
            stack = await registeredStack(makeStack());
            for (const [name, container] of dockerContainers(stack)) {
                if (!name.endsWith("-load-balancer") && !isConfigWriter(container)) started.set(name, start(stack, name, roots));
            }
        });
        afterAll(() => roots.forEach((r) => r.remove()));

        it("registers the two license servers, the two Web Authors, the load balancer and its config writer", () => {
            expect([...dockerContainers(stack).keys()].map((name) => name.replace(/-config-[0-9a-f]{16}$/, "-config-<generation>")).sort()).toEqual([
                "webauthor-load-balancer",
                "webauthor-load-balancer-config-<generation>",
                "webauthor-production-license-server",
                "webauthor-production-web-author",
                "webauthor-redundancy-license-server",
                "webauthor-redundancy-web-author",
            ]);
        });

        it.each(ROLES)("%s Web Author: the entrypoint reaches Tomcat, with the admin setup password and the vendor's JVM flags", (role) => {
            const wa = started.get(`webauthor-${role}-web-author`) as Started;
            expect(wa.output).toBe("");
            expect(wa.status).toBe(0);
            expect(wa.tomcat?.args).toEqual(["run"]);
            const env = wa.tomcat?.env as Record<string, string>;
            expect(env.OXYGEN_ADMIN_SETUP_PASSWORD).toBe(SYSTEM_SECRETS.webAuthorAdminPassword);
            expect(env.CATALINA_OPTS).toContain("--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED");
            expect(env.CATALINA_OPTS).toMatch(/-Xmx\d+m /);
            const security = systemProperty(env.CATALINA_OPTS as string, "java.security.properties") as string;
            expect(wa.root.readFile(security)).toBe("networkaddress.cache.ttl=60\n");
        });

        it.each(ROLES)("%s Web Author: license.properties, as Java loads it, names production's license server as main and redundancy's as backup", (role) => {
            const wa = started.get(`webauthor-${role}-web-author`) as Started;
            const container = dockerContainers(stack).get(`webauthor-${role}-web-author`) as never;
            // Where Web Author reads it: the data directory Tomcat is told about, and the webapp's WEB-INF.
            const dataDir = systemProperty(wa.tomcat?.env.CATALINA_OPTS as string, "oxygen.data.dir") as string;
            const texts = [
                wa.root.readFile(`${dataDir}/options/license.properties`),
                wa.root.readFile("/usr/local/tomcat/webapps/oxygen-xml-web-author/WEB-INF/license.properties"),
            ];
            const [options, webInf] = loadProperties(texts) as [Record<string, string>, Record<string, string>];
            expect(webInf).toEqual(options);
            expect(Object.keys(options).sort()).toEqual(
                [
                    "licensing.server.type",
                    "licensing.server.url",
                    "licensing.server.user",
                    "licensing.server.password",
                    "backup.licensing.server.url",
                    "backup.licensing.server.user",
                    "backup.licensing.server.password",
                ].sort(),
            );
            expect(options["licensing.server.type"]).toBe("http");
            for (const [prefix, target] of [
                ["", "production"],
                ["backup.", "redundancy"],
            ] as const) {
                const url = options[`${prefix}licensing.server.url`] as string;
                expect(new URL(url).pathname).toBe(SERVLET_PATH);
                const { host, port } = hostPortOf(url);
                expect(landsOn(stack, container, host, port)?.inputs.name).toBe(`webauthor-${target}-license-server`);
                expect(options[`${prefix}licensing.server.user`]).toBe(USER);
                expect(options[`${prefix}licensing.server.password`]).toBe(SYSTEM_SECRETS.licenseServerPassword);
            }
        });

        it.each(ROLES)("%s license server: tomcat-users.xml, as the JDK's XML parser reads it, holds exactly the user and the admin", (role) => {
            const ls = started.get(`webauthor-${role}-license-server`) as Started;
            expect(ls.output).toBe("");
            expect(ls.status).toBe(0);
            expect(ls.tomcat?.args).toEqual(["run"]);
            const catalinaHome = ls.tomcat?.env.CATALINA_HOME as string;
            const [users] = loadTomcatUsers([ls.root.hostPath(`${catalinaHome}/conf/tomcat-users.xml`)]);
            expect(users).toEqual([
                { username: USER, password: SYSTEM_SECRETS.licenseServerPassword, roles: "user" },
                { username: "admin", password: SYSTEM_SECRETS.licenseServerAdminPassword, roles: "admin" },
            ]);
            // The work directory Tomcat is told about is the container's retained volume.
            const workDir = systemProperty(ls.tomcat?.env.CATALINA_OPTS as string, "oxygen.license.server.work.dir");
            const container = dockerContainers(stack).get(`webauthor-${role}-license-server`) as never as {
                inputs: { volumes: Array<{ containerPath: string; volumeName: string }> };
            };
            expect(container.inputs.volumes.map((v) => v.containerPath)).toEqual([workDir]);
            const volume = stack.withOutput("docker:index/volume:Volume", "name", container.inputs.volumes[0]?.volumeName);
            expect(volume).toBeDefined();
        });

        it.each(ROLES)("%s license server: its own key is in the file the entrypoint checks, and no other container holds it", (role) => {
            const ls = started.get(`webauthor-${role}-license-server`) as Started;
            expect(ls.root.readFile(ls.tomcat?.env.LICENSE_KEY_FILE as string)).toBe(KEYS[role]);
            const other = role === "production" ? "redundancy" : "production";
            for (const [name, container] of dockerContainers(stack)) {
                const text = JSON.stringify(container.inputs);
                expect([name, text.includes(JSON.stringify(KEYS[role]).slice(1, -1))]).toEqual([name, name === `webauthor-${role}-license-server`]);
                if (name === `webauthor-${role}-license-server`) expect(text).not.toContain(JSON.stringify(KEYS[other]).slice(1, -1));
            }
        });

        it("no secret reaches an entrypoint's output", () => {
            for (const [, s] of started) for (const secret of Object.values(SYSTEM_SECRETS)) expect(s.output).not.toContain(secret);
        });

        it("load balancer: the config writer publishes a haproxy.cfg that passes `haproxy -c` where HAProxy's container reads it, with production active and redundancy backup", () => {
            const writer = runConfigWriter(stack);
            roots.push(writer.root);
            expect(writer.output).toMatch(/^publish-config: generation [0-9a-f]{16} published$/m);
            expect(writer.status).toBe(0);
            const container = dockerContainers(stack).get("webauthor-load-balancer") as never;
            const { spec, root } = prepareLoadBalancer(stack, container, writer.root);
            expect(spec.vendorImage).toMatch(/^haproxy:/);
            roots.push(root);
            const config = (r: typeof root) => r.readFile(HAPROXY_PATHS.config);
            const check = haproxyCheck(root, HAPROXY_PATHS.config);
            // HAProxy 3.0 prints nothing for a valid file; the server names resolve only on Docker's network (NOTICE).
            expect(check.output).not.toMatch(/\[(ALERT|WARNING)\]/);
            expect(check.status).toBe(0);
            // The Lua file the config loads is published where the config names it (haproxy -c above loaded it).
            expect(config(root)).toContain(`\n    lua-load ${HAPROXY_PATHS.productionVerdict}\n`);
            const servers = [...config(root).matchAll(/^\s*server\s+(\S+)\s+(\S+):(\d+)\b(.*)$/gm)].map((m) => ({
                lands: landsOn(stack, container, m[2] as string, Number(m[3]))?.inputs.name,
                backup: /\bbackup\b/.test(m[4] as string),
            }));
            // One backend: production active, redundancy its backup, each name landing on the right container.
            expect(servers).toEqual([
                { lands: "webauthor-production-web-author", backup: false },
                { lands: "webauthor-redundancy-web-author", backup: true },
            ]);
        });
    });
});
