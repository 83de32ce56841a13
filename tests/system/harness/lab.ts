/**
 * Docker hosts emulated in Linux network namespaces (iproute2, root only), each test's own and deleted afterwards:
 * - one namespace per Docker host, with the host's address on `lan0`, all joined by a bridge in a `lan` namespace;
 * - per host, a bridge `dnet` standing in for its Docker network (172.30.<host>.1/24), and one namespace per
 *   container on it (`eth0`, 172.30.<host>.<10+n>, default route via the host), so each container has its own ports;
 * - routes between the hosts' container subnets (Docker would masquerade instead; no iptables here);
 * - published ports: a forwarder on the host (port-forwarder.mjs) standing in for docker-proxy.
 * Every `ip` call is bounded in time; `destroy` deletes every namespace, which deletes their links.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** Runs `ip` with `args`, bounded in time; throws with its error output when it fails. */
export function ip(...args: string[]): void {
    const result = spawnSync("ip", args, { encoding: "utf8", timeout: 10_000 });
    if (result.status !== 0) throw new Error(`ip ${args.join(" ")}: ${result.stderr || result.error?.message}`);
}

export interface LabHost {
    readonly index: number;
    readonly address: string;
    readonly netns: string;
    readonly containers: LabContainer[];
}

export interface LabContainer {
    readonly name: string;
    readonly netns: string;
    readonly address: string;
}

export class Lab {
    /** Unique per run, short: namespace names are free-form but kept readable in `ip netns list`. */
    readonly id = `sys${randomBytes(3).toString("hex")}`;
    private readonly namespaces: string[] = [];
    private readonly processes: ChildProcess[] = [];
    readonly hosts: LabHost[] = [];

    private addNamespace(name: string): string {
        const netns = `${this.id}-${name}`;
        ip("netns", "add", netns);
        this.namespaces.push(netns);
        ip("-n", netns, "link", "set", "lo", "up");
        return netns;
    }

    private get lan(): string {
        return `${this.id}-lan`;
    }

    constructor() {
        this.addNamespace("lan");
        ip("-n", this.lan, "link", "add", "br0", "type", "bridge");
        ip("-n", this.lan, "link", "set", "br0", "up");
    }

    /** A Docker host reachable at `address` (a /24 shared by all hosts). */
    addHost(address: string): LabHost {
        const index = this.hosts.length + 1;
        const netns = this.addNamespace(`h${index}`);
        ip("-n", netns, "link", "add", "lan0", "type", "veth", "peer", "name", `p${index}`, "netns", this.lan);
        ip("-n", this.lan, "link", "set", `p${index}`, "master", "br0", "up");
        ip("-n", netns, "addr", "add", `${address}/24`, "dev", "lan0");
        ip("-n", netns, "link", "set", "lan0", "up");
        ip("-n", netns, "link", "add", "dnet", "type", "bridge");
        ip("-n", netns, "addr", "add", `172.30.${index}.1/24`, "dev", "dnet");
        ip("-n", netns, "link", "set", "dnet", "up");
        const forward = spawnSync("ip", ["netns", "exec", netns, "sysctl", "-qw", "net.ipv4.ip_forward=1"], { encoding: "utf8", timeout: 10_000 });
        if (forward.status !== 0) throw new Error(`ip_forward in ${netns}: ${forward.stderr}`);
        for (const other of this.hosts) {
            ip("-n", netns, "route", "add", `172.30.${other.index}.0/24`, "via", other.address);
            ip("-n", other.netns, "route", "add", `172.30.${index}.0/24`, "via", address);
        }
        const host = { index, address, netns, containers: [] };
        this.hosts.push(host);
        return host;
    }

    /** A container's network namespace on `host`'s Docker network. */
    addContainer(host: LabHost, name: string): LabContainer {
        const n = host.containers.length + 1;
        const netns = this.addNamespace(`h${host.index}c${n}`);
        const address = `172.30.${host.index}.${10 + n}`;
        ip("-n", netns, "link", "add", "eth0", "type", "veth", "peer", "name", `v${n}`, "netns", host.netns);
        ip("-n", host.netns, "link", "set", `v${n}`, "master", "dnet", "up");
        ip("-n", netns, "addr", "add", `${address}/24`, "dev", "eth0");
        ip("-n", netns, "link", "set", "eth0", "up");
        ip("-n", netns, "route", "add", "default", "via", `172.30.${host.index}.1`);
        const container = { name, netns, address };
        host.containers.push(container);
        return container;
    }

    /** Keeps track of a started process, so that `destroy` stops it. */
    track(child: ChildProcess): ChildProcess {
        this.processes.push(child);
        return child;
    }

    /** Publishes `container`'s port on the host, as `docker run -p address:port:internal` would. */
    async publish(host: LabHost, address: string, port: number, container: LabContainer, internal: number): Promise<void> {
        const child = this.track(
            spawn(
                "ip",
                [
                    "netns",
                    "exec",
                    host.netns,
                    process.execPath,
                    path.join(FIXTURES, "port-forwarder.mjs"),
                    address,
                    String(port),
                    container.address,
                    String(internal),
                ],
                {
                    stdio: ["ignore", "pipe", "pipe"],
                },
            ),
        );
        await ready(child, `port forwarder ${address}:${port} on ${host.address}`);
    }

    /** One GET from inside `netns`; credentials (if any) travel in the environment. */
    get(netns: string, url: string, credentials?: { user: string; password: string }): { status: number; headers: Record<string, string>; body: string } {
        const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
        if (credentials) Object.assign(env, { HTTP_USER: credentials.user, HTTP_PASSWORD: credentials.password });
        const result = spawnSync("ip", ["netns", "exec", netns, process.execPath, path.join(FIXTURES, "http-get.mjs"), url], {
            encoding: "utf8",
            env,
            timeout: 10_000,
        });
        if (result.status !== 0) throw new Error(`GET ${url} from ${netns} failed: ${result.stderr}`);
        return JSON.parse(result.stdout);
    }

    /** Stops every process (SIGKILL, waiting for each) and deletes every namespace; never throws. */
    async destroy(): Promise<string[]> {
        await Promise.all(this.processes.map((child) => stop(child)));
        const problems: string[] = [];
        for (const netns of this.namespaces.reverse()) {
            const result = spawnSync("ip", ["netns", "del", netns], { encoding: "utf8", timeout: 10_000 });
            if (result.status !== 0) problems.push(`ip netns del ${netns}: ${result.stderr}`);
        }
        return problems;
    }

    /** Names of this lab's namespaces still present (none after `destroy`). */
    leftovers(): string[] {
        const listed = spawnSync("ip", ["netns", "list"], { encoding: "utf8", timeout: 10_000 }).stdout;
        return listed
            .split("\n")
            .map((l) => l.split(" ")[0] as string)
            .filter((n) => n.startsWith(`${this.id}-`));
    }
}

/** Waits for a process to print `ready` (our stand-ins do), at most `timeoutMs`; fails with its output otherwise. */
export function ready(child: ChildProcess, what: string, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => reject(new Error(`${what} not ready within ${timeoutMs} ms: ${output}`)), timeoutMs);
        const seen = (chunk: Buffer) => {
            output += chunk.toString();
            if (/^ready$/m.test(output)) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout?.on("data", seen);
        child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`${what} exited (${code}) before it was ready: ${output}`));
        });
    });
}

/** SIGKILL and wait for the exit (bounded). */
export function stop(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(resolve, 5000);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGKILL");
    });
}
