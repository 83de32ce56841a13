/**
 * The three-host Docker stack, for real, in network namespaces: each Docker host gets the address its provider names;
 * each container the program registers gets its own namespace on its host's network, its file system as Docker would
 * give it (registered envs and uploads, see dockerContainer.ts), and is started by its own entrypoint. Only the
 * vendor's software is stood in: Tomcat's launcher starts a stand-in license server (accepting only the users of the
 * tomcat-users.xml our entrypoint wrote) or a stand-in Web Author (using the license.properties our entrypoint wrote).
 * HAProxy is the real one (the pinned branch's), run by its container's reloader on the configuration its config
 * writer published. Published ports are forwarded as docker-proxy would.
 */
import { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { dockerContainers, dockerContainerSpec, DockerContainerSpec, prepareDockerContainer } from "./harness/dockerContainer";
import { dockerHostAddress, portsOf } from "./harness/dockerNetwork";
import { isConfigWriter, prepareLoadBalancer, runConfigWriter } from "./harness/loadBalancerVolume";
import { Lab, LabContainer, LabHost, ready, stop } from "./harness/lab";
import { registeredStack, RegisteredStack } from "./harness/registered";
import { SYSTEM_SECRETS, THREE_HOSTS, threeHostStack } from "./configs";

jest.setTimeout(120_000);

const FIXTURES = path.join(__dirname, "fixtures");
const STAND_INS: Record<string, string> = { "license-server": "stand-in-license-server.mjs", "web-author": "stand-in-web-author.mjs" };
const digest = (key: string) => `license key-sha256=${createHash("sha256").update(key).digest("hex")}`;
const USER = "webauthor";
const APP = "/oxygen-xml-web-author/app/oxygen.html";

interface Running {
    readonly spec: DockerContainerSpec;
    /** The command and environment Docker starts it with. */
    readonly command: readonly string[];
    readonly env: Record<string, string>;
    readonly host: LabHost;
    readonly box: LabContainer;
    readonly root: ContainerRoot;
    process: ChildProcess;
}

/** Docker's /etc/hosts plus its network DNS: the container itself, and every container on its network by name and alias. */
function hostsFile(stack: RegisteredStack, self: Running, all: Running[]): string {
    const lines = ["127.0.0.1\tlocalhost", `${self.box.address}\t${self.spec.env.HOSTNAME}`];
    const networks = new Set(((self.spec.resource.inputs.networksAdvanced ?? []) as Array<{ name: string }>).map((n) => n.name));
    for (const other of all.filter((o) => o.host === self.host)) {
        for (const network of (other.spec.resource.inputs.networksAdvanced ?? []) as Array<{ name: string; aliases?: string[] }>) {
            if (networks.has(network.name)) lines.push(`${other.box.address}\t${[other.spec.resource.inputs.name, ...(network.aliases ?? [])].join(" ")}`);
        }
    }
    void stack;
    return `${lines.join("\n")}\n`;
}

describeNeeding("netns", "three Docker hosts in network namespaces", () => {
    let stack: RegisteredStack;
    let lab: Lab;
    const running = new Map<string, Running>();
    const byRole = (name: string) => running.get(`webauthor-${name}`) as Running;
    const roots: ContainerRoot[] = [];
    /** SIGTERM: the reloader stops HAProxy's master and workers (its children) before it exits. */
    const stopLoadBalancer = () =>
        new Promise<void>((resolve) => {
            const lb = running.get("webauthor-load-balancer")?.process;
            if (lb === undefined || lb.exitCode !== null || lb.signalCode !== null) return resolve();
            lb.once("exit", () => resolve());
            lb.kill("SIGTERM");
        });

    beforeAll(async () => {
        stack = await registeredStack(threeHostStack());
        lab = new Lab();
        // The config writer runs once, before HAProxy's container (which waits for its generation anyway).
        const writer = runConfigWriter(stack);
        roots.push(writer.root);
        if (writer.status !== 0) throw new Error(`the config writer failed: ${writer.output}`);
        const hosts = new Map<string, LabHost>();
        for (const [name, resource] of dockerContainers(stack)) {
            if (isConfigWriter(resource)) continue;
            const address = dockerHostAddress(stack.providerOf(resource));
            const host = hosts.get(address) ?? lab.addHost(address);
            hosts.set(address, host);
            const spec = dockerContainerSpec(stack, resource);
            const standIn =
                spec.image === undefined
                    ? ""
                    : `#!/bin/sh\n# Tomcat's launcher in the image: here it starts the stand-in for the vendor's webapp.\nexec ${process.execPath} ${path.join(FIXTURES, STAND_INS[spec.image.name] as string)}\n`;
            const box = lab.addContainer(host, name);
            if (spec.image === undefined) {
                // HAProxy's container: its reloader, with the writer's volume.
                const lb = prepareLoadBalancer(stack, resource, writer.root);
                running.set(name, { spec, host, box, root: lb.root, command: lb.command, env: lb.env, process: undefined as never });
            } else {
                running.set(name, {
                    spec,
                    host,
                    box,
                    root: prepareDockerContainer(spec, standIn),
                    command: spec.image.entrypoint,
                    env: spec.env,
                    process: undefined as never,
                });
            }
        }
        const all = [...running.values()];
        const startContainer = async (container: Running) => {
            container.root.writeFile("/etc/hosts", hostsFile(stack, container, all));
            container.process = lab.track(container.root.start(container.command, container.env, container.box.netns));
            for (const port of portsOf(container.spec.resource)) {
                await lab.publish(container.host, port.ip ?? "0.0.0.0", port.external ?? port.internal, container.box, port.internal);
            }
        };
        const ours = all.filter((c) => c.spec.image !== undefined);
        for (const container of ours) await startContainer(container);
        await Promise.all(ours.map((c) => ready(c.process, c.spec.resource.name)));
        // Then the load balancer, as `pulumi up` creates it: after both environments (its dependsOn), whose Web Author
        // containers it creates only once they are healthy (`wait`).
        for (const container of all.filter((c) => c.spec.image === undefined)) await startContainer(container);
    });

    afterAll(async () => {
        await stopLoadBalancer();
        await lab?.destroy();
        for (const container of running.values()) container.root.remove();
        for (const root of roots) root.remove();
    });

    it("puts each part on its own host, at the address its Docker provider names", () => {
        expect(lab.hosts.map((h) => h.address).sort()).toEqual(Object.values(THREE_HOSTS).sort());
        expect(byRole("production-web-author").host.address).toBe(THREE_HOSTS.production);
        expect(byRole("redundancy-license-server").host.address).toBe(THREE_HOSTS.redundancy);
        expect(byRole("load-balancer").host.address).toBe(THREE_HOSTS.loadBalancer);
    });

    it.each(["production", "redundancy"])("%s Web Author reaches its main license server: production's, holding the production key", (role) => {
        const wa = byRole(`${role}-web-author`);
        const answer = lab.get(wa.host.netns, `http://${wa.box.address}:8080/license-check`);
        expect(JSON.parse(answer.body)).toEqual({ via: "main", status: 200, body: digest(SYSTEM_SECRETS.productionLicenseKey) });
    });

    it.each([
        ["production", SYSTEM_SECRETS.productionLicenseKey, 18080],
        ["redundancy", SYSTEM_SECRETS.redundancyLicenseKey, 18081],
    ] as const)("%s license server, reached from another host, accepts exactly the configured user", (role, key, port) => {
        const address = THREE_HOSTS[role];
        const url = `http://${address}:${port}/oXygenLicenseServlet/license-servlet`;
        const from = byRole("load-balancer").host.netns;
        const status = (credentials?: { user: string; password: string }) => lab.get(from, url, credentials).status;
        expect(lab.get(from, url, { user: USER, password: SYSTEM_SECRETS.licenseServerPassword }).body).toBe(digest(key));
        expect(status({ user: USER, password: `${SYSTEM_SECRETS.licenseServerPassword}x` })).toBe(401);
        expect(status({ user: USER, password: SYSTEM_SECRETS.licenseServerPassword.trim() })).toBe(401);
        expect(status({ user: "admin", password: SYSTEM_SECRETS.licenseServerAdminPassword })).toBe(401);
        expect(status({ user: "someone", password: SYSTEM_SECRETS.licenseServerPassword })).toBe(401);
        expect(status()).toBe(401);
    });

    it("with production's license server stopped, each Web Author reaches the backup: redundancy's, holding the redundancy key", async () => {
        const ls = byRole("production-license-server");
        await stop(ls.process);
        for (const role of ["production", "redundancy"]) {
            const wa = byRole(`${role}-web-author`);
            const answer = JSON.parse(lab.get(wa.host.netns, `http://${wa.box.address}:8080/license-check`).body);
            expect(answer).toMatchObject({ via: "backup", status: 200, body: digest(SYSTEM_SECRETS.redundancyLicenseKey) });
            expect(answer.mainStatus).toBe(0);
        }
    });

    it("the load balancer reaches production's Web Author, and redundancy's once production's is gone", async () => {
        const lbUrl = `http://${THREE_HOSTS.loadBalancer}:80${APP}`;
        // A user on the production host, say.
        const client = byRole("production-web-author").host.netns;
        const servedBy = () => lab.get(client, lbUrl).headers["x-served-by"];
        const started = Date.now();
        while (servedBy() === undefined && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 200));
        // New visitors (no cookie), one after another: all to production while it is up, none to the backup.
        const healthy = Array.from({ length: 6 }, () => servedBy());
        expect(healthy).toEqual(healthy.map(() => byRole("production-web-author").spec.env.HOSTNAME));
        await stop(byRole("production-web-author").process);
        const stopped = Date.now();
        let seen: string | undefined;
        while ((seen = servedBy()) !== byRole("redundancy-web-author").spec.env.HOSTNAME && Date.now() - stopped < 10_000)
            await new Promise((r) => setTimeout(r, 200));
        expect(seen).toBe(byRole("redundancy-web-author").spec.env.HOSTNAME);
    });

    it("leaves no namespace behind", async () => {
        await stopLoadBalancer();
        expect(await lab.destroy()).toEqual([]);
        expect(lab.leftovers()).toEqual([]);
    });
});
