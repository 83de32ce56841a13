/**
 * The readiness gate of an EC2 license server, run as SSM runs it, from the registered resources only: the stack
 * program with the shipped `Pulumi.prod.yaml` under the mocks; production's license server booted from its registered
 * user data (harness/ec2Instance.ts: cloud-init's module order, the setup writing the WAR and tomcat-users.xml); then
 * the registered gate's `commands` (what it sends through AWS-RunShellScript), for the instance it names, written where the agent writes a
 * document's script and started as the agent starts it (`sh -c <script file>`, as root), inside the instance's file
 * system and a network namespace of its own, where the stand-in license server plays Tomcat on 127.0.0.1:8080 from
 * what the setup wrote. Only `cloud-init status` is a stub: it reports how the boot ended.
 *
 * The cases change the world, never the inputs: Tomcat up before the check, Tomcat late (nothing, then 503, then the
 * servlet), Tomcat up without the servlet (404 until the configured timeout), and a first boot that failed.
 */
import { ChildProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { bootInstance, BootedInstance, BootOptions } from "./harness/ec2Instance";
import { ip, ready, stop } from "./harness/lab";
import { sleep } from "../helpers/haproxyHarness";
import { Registered, RegisteredStack, registeredStack } from "./harness/registered";
import { prodStack, setPath } from "./configs";

jest.setTimeout(150_000);

const FIXTURES = path.join(__dirname, "fixtures");
/** Where the agent puts a document's script (amazon-ssm-agent, orchestration directory of one command). */
const SCRIPT_PATH = "/var/lib/amazon/ssm/i-0123456789abcdef0/document/orchestration/3f6c1a0e/awsrunShellScript/0.awsrunShellScript/_script.sh";
/** The agent's environment on Ubuntu (systemd unit of the snap), with the `cloud-init` stub first. */
const AGENT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const NODE = process.execPath;
const SERVLET_ROOT = "http://127.0.0.1:8080/oXygenLicenseServlet/";

/** The readiness gate of `instance`: the one whose `instanceId` is that instance's. */
function gateOf(stack: RegisteredStack, instance: Registered): Registered {
    const gates = stack.ofType("pulumi-nodejs:dynamic:LicenseServerReadinessGate").filter((gate) => gate.inputs.instanceId === instance.outputs.id);
    expect(gates).toHaveLength(1);
    return gates[0] as Registered;
}

interface CheckRun {
    readonly status: number | null;
    readonly output: string;
    /** When the check exited, ms since it started. */
    readonly exitedAfterMs: number;
}

/** One case's world: a booted instance, its own network namespace, and what runs in them. */
class Case {
    readonly netns = `ready${randomBytes(3).toString("hex")}`;
    readonly booted: BootedInstance;
    private readonly processes: ChildProcess[] = [];

    constructor(
        stack: RegisteredStack,
        instance: Registered,
        private readonly gate: Registered,
        boot: BootOptions = {},
    ) {
        this.booted = bootInstance(stack, instance, boot);
        ip("netns", "add", this.netns);
        ip("-n", this.netns, "link", "set", "lo", "up");
        // cloud-init's own verdict on the boot: 0 when every module (the setup in runcmd) succeeded, 1 on an error.
        const stubs = this.root.scratch("agent-stubs");
        fs.mkdirSync(stubs);
        fs.writeFileSync(
            path.join(stubs, "cloud-init"),
            `#!/bin/sh\n[ "$1 $2" = "status --wait" ] || exit 64\n${this.booted.status === 0 ? "echo 'status: done'; exit 0" : "echo 'status: error'; exit 1"}\n`,
            { mode: 0o755 },
        );
        this.root.writeFile(SCRIPT_PATH, String(this.gate.inputs.commands), 0o700);
    }

    get root(): ContainerRoot {
        return this.booted.root;
    }

    /** Tomcat with the servlet, as the setup left it: the stand-in reads the WAR and tomcat-users.xml the setup wrote. */
    async startTomcat(): Promise<ChildProcess> {
        const env = { PATH: AGENT_PATH, CATALINA_HOME: "/var/lib/tomcat9", LICENSE_KEY_FILE: "/etc/oxygen-license-server/license-key" };
        const child = this.root.start([NODE, path.join(FIXTURES, "stand-in-license-server.mjs")], env, this.netns);
        this.processes.push(child);
        await ready(child, "stand-in license server");
        return child;
    }

    /** A Tomcat answering `status` to everything (no servlet deployed: 404; a context that failed: 503). */
    async startAnswering(status: number): Promise<ChildProcess> {
        const server = `require("http").createServer((q, s) => { q.resume(); s.writeHead(${status}).end(); }).listen(8080, "127.0.0.1", () => console.log("ready"))`;
        const child = this.root.start([NODE, "-e", server], { PATH: AGENT_PATH }, this.netns);
        this.processes.push(child);
        await ready(child, `server answering ${status}`);
        return child;
    }

    /** The registered check, as the agent starts it: `sh -c <script file>`, as root, in the instance and its network. */
    check(): Promise<CheckRun> {
        const started = Date.now();
        const env = { PATH: `${this.root.scratch("agent-stubs")}:${AGENT_PATH}`, LANG: "C.UTF-8", HOME: "/root" };
        const child = this.root.start(["/bin/sh", "-c", SCRIPT_PATH], env, this.netns);
        this.processes.push(child);
        let output = "";
        child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
        return new Promise((resolve) => child.on("exit", (status) => resolve({ status, output, exitedAfterMs: Date.now() - started })));
    }

    async dispose(): Promise<void> {
        await Promise.all(this.processes.map(stop));
        spawnSync("ip", ["netns", "delete", this.netns], { timeout: 10_000 });
        this.root.remove();
    }
}

describeNeeding("netns", "the EC2 license server's readiness gate, run as SSM runs it on the booted instance", () => {
    let stack: RegisteredStack;
    let shortStack: RegisteredStack;
    const cases: Case[] = [];
    const production = (s: RegisteredStack) =>
        s.ofType("aws:ec2/instance:Instance").find((i) => i.name === "webauthor-production-license-server-instance") as Registered;
    const newCase = (s: RegisteredStack, boot: BootOptions = {}) => {
        const made = new Case(s, production(s), gateOf(s, production(s)), boot);
        cases.push(made);
        return made;
    };

    beforeAll(async () => {
        stack = await registeredStack(prodStack());
        // The shortest timeout the config accepts: the case that waits it out takes a minute.
        shortStack = await registeredStack(setPath(prodStack(), "aws.licenseServer.readyTimeoutSeconds", 60));
    });

    afterAll(async () => {
        await Promise.all(cases.map((c) => c.dispose()));
    });

    it.concurrent("passes once Tomcat answers under the servlet's context path, and says what answered", async () => {
        const world = newCase(stack);
        expect(world.booted.status).toBe(0);
        await world.startTomcat();
        const run = await world.check();
        expect(run.output).toBe(`oxygen-license-server-ready: ready: ${SERVLET_ROOT} answered HTTP 401\n`);
        expect(run.status).toBe(0);
    });

    it.concurrent("waits through no answer and a failing context, and passes only once the servlet answers", async () => {
        const world = newCase(stack);
        const checking = world.check();
        await sleep(3000);
        const failing = await world.startAnswering(503);
        await sleep(4000);
        await stop(failing);
        const servletStartedAt = Date.now();
        await world.startTomcat();
        const run = await checking;
        expect(run.output).toBe(`oxygen-license-server-ready: ready: ${SERVLET_ROOT} answered HTTP 401\n`);
        expect(run.status).toBe(0);
        // It exited after the servlet came up (it polls every 3 s), not before.
        expect(Date.now() - servletStartedAt).toBeLessThan(8000);
        expect(run.exitedAfterMs).toBeGreaterThan(7000);
    });

    it.concurrent("fails after the configured timeout when Tomcat answers but the servlet is not deployed, naming the URL and the last answer", async () => {
        const world = newCase(shortStack);
        await world.startAnswering(404);
        const run = await world.check();
        expect(run.status).toBe(1);
        expect(run.output).toBe(`oxygen-license-server-ready: ${SERVLET_ROOT} not ready within 60 s (last: HTTP 404); see journalctl -u tomcat9\n`);
        expect(run.exitedAfterMs).toBeGreaterThanOrEqual(59_000);
        expect(run.exitedAfterMs).toBeLessThan(75_000);
    });

    it.concurrent("fails at once when the first boot failed, pointing at cloud-init's log", async () => {
        // The world: the platform never attaches the data volume, so the setup gives up (no input changed).
        const world = newCase(stack, { attachVolumes: false });
        expect(world.booted.status).not.toBe(0);
        const run = await world.check();
        expect(run.status).toBe(1);
        expect(run.output).toBe("oxygen-license-server-ready: the first-boot setup failed (cloud-init status exit 1); see /var/log/cloud-init-output.log\n");
        expect(run.exitedAfterMs).toBeLessThan(5000);
    });
});
