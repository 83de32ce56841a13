/**
 * The Docker load balancer's reload path, run for real on 127.0.0.1: docker/load-balancer/publish-config.sh (the
 * config writer's command) publishes each rendered configuration into a directory that stands for the shared volume,
 * and docker/load-balancer/reloader.sh (the HAProxy container's command) runs the pinned branch's HAProxy in
 * master-worker mode and reloads it in place. Two stand-ins serve as the Web Authors.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { renderHaproxyConfig } from "../../components";
import { configGeneration } from "../../components/platforms/docker/loadBalancerReload";
import { loadBalancerFiles, loopbackHaproxyInput } from "./failoverRig";
import { HAPROXY_BIN, haproxyPath } from "./haproxyBinary";
import { canConnect, freePort, sleep, waitUntil } from "./haproxyHarness";
import { SwitchoverRig } from "./switchoverRig";

const SCRIPTS = path.join(__dirname, "..", "..", "docker", "load-balancer");

export interface PublishResult {
    readonly status: number | null;
    readonly output: string;
    readonly generation: string;
}

export class ReloadRig {
    private reloader: ChildProcess | undefined;
    /** What the reloader and HAProxy printed. */
    output = "";
    private publications = 0;

    private constructor(
        readonly rig: SwitchoverRig,
        readonly liveDir: string,
        readonly cliPort: number,
        /** The reloader's poll interval (the shipped default is 0.5 s; the tests poll faster). */
        readonly pollSeconds: string,
    ) {}

    get port(): number {
        return this.rig.port;
    }

    static async create(pollSeconds = "0.1"): Promise<ReloadRig> {
        const rig = await SwitchoverRig.create();
        const liveDir = path.join(rig.group.dir, "live");
        fs.mkdirSync(liveDir);
        return new ReloadRig(rig, liveDir, await freePort(), pollSeconds);
    }

    private get env(): Record<string, string> {
        return {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            LB_LIVE_DIR: this.liveDir,
            LB_SERVER_STATE_FILE: path.join(this.rig.group.dir, "server-state"),
            LB_MASTER_CLI_PORT: String(this.cliPort),
            LB_POLL_SECONDS: this.pollSeconds,
            LB_HAPROXY: haproxyPath(HAPROXY_BIN),
        };
    }

    /** HAProxy's HTTPS port (bound when the config is rendered with a `tlsCertificate`). */
    get httpsPort(): number {
        return this.ports.https;
    }

    /**
     * The files the config writer would upload for this `loadBalancer` config, as the volume's paths name them; with
     * `tlsPem` (the `tlsCertificate` config value), TLS on and the PEM among them.
     */
    rendered(loadBalancer: Record<string, unknown>, tlsPem?: string): Record<string, string> {
        const current = path.join(this.liveDir, "current");
        const input = {
            ...loopbackHaproxyInput({ loadBalancer, tlsPem }, this.ports, current),
            serverStatePath: path.join(this.rig.group.dir, "server-state"),
        };
        const files: Record<string, string> = { "haproxy.cfg": renderHaproxyConfig(input) };
        for (const [file, content] of Object.entries(loadBalancerFiles(input, tlsPem))) files[path.basename(file)] = content;
        return files;
    }

    private get ports() {
        return (this.rig as unknown as { ports: { production: number; redundancy: number; http: number; https: number; metrics: number } }).ports;
    }

    /** Runs publish-config.sh on these files, as the config writer container would. */
    publish(files: Record<string, string>): PublishResult {
        const staging = path.join(this.rig.group.dir, `staging-${this.publications++}`);
        fs.mkdirSync(staging);
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), content);
        // Named as the Docker platform names it: a digest of every file (a new certificate alone is a new generation).
        const generation = configGeneration(files);
        const result = spawnSync("bash", [path.join(SCRIPTS, "publish-config.sh")], {
            env: { ...this.env, LB_STAGING_DIR: staging, LB_GENERATION: generation },
            encoding: "utf8",
        });
        return { status: result.status, output: result.stdout + result.stderr, generation };
    }

    /** Starts the reloader (which waits for a published generation) and waits until HAProxy listens. */
    async startReloader(): Promise<void> {
        // Its own process group, so that stopping it also stops HAProxy's master and workers (its children).
        const child = spawn("bash", [path.join(SCRIPTS, "reloader.sh")], { env: this.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        this.reloader = this.rig.group.track(child);
        const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-50000));
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
        await waitUntil("HAProxy to listen", () => canConnect(this.port), 5000);
        await sleep(300);
    }

    /** Waits until the reloader has asked HAProxy to reload onto `generation`, then until the new worker is up. */
    async reloadedTo(generation: string, timeoutMs = 3000): Promise<void> {
        await waitUntil(`a reload onto ${generation}`, () => this.output.includes(`-> ${generation}`), timeoutMs, 10);
        // The master re-executes itself to reload: its CLI refuses connections for a moment, then lists the new worker.
        const newWorker = async () => {
            const proc = await this.cli("show proc").catch(() => "");
            return /^\d+\s+master\s+[1-9]/m.test(proc) && /^\d+\s+worker\s+0\s/m.test(proc);
        };
        await waitUntil("the new worker", newWorker, timeoutMs, 20);
    }

    /** One master-CLI command (e.g. `@1 show servers state web_authors`), answered in full. */
    cli(command: string): Promise<string> {
        return new Promise((resolve, reject) => {
            const socket = net.connect(this.cliPort, "127.0.0.1");
            let answer = "";
            socket.on("data", (chunk) => (answer += chunk.toString()));
            socket.on("end", () => resolve(answer));
            socket.on("error", reject);
            socket.write(`${command}; quit\n`);
        });
    }

    /** The reloader's pid (HAProxy's master is its child): a reload must not change it. */
    get reloaderPid(): number | undefined {
        return this.reloader?.pid;
    }

    get reloaderRunning(): boolean {
        return this.reloader !== undefined && this.reloader.exitCode === null && this.reloader.signalCode === null;
    }

    async stop(): Promise<void> {
        const pid = this.reloader?.pid;
        if (pid !== undefined) {
            try {
                process.kill(-pid, "SIGKILL");
            } catch {
                // already gone
            }
        }
        await this.rig.stop();
    }
}
