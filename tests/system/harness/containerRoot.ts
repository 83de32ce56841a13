/**
 * A container's file system, emulated without Docker: a private mount namespace (`unshare --mount`, root only) in
 * which each top-level directory the image owns is an overlay whose lower layer is this machine's directory and
 * whose upper layer is a scratch directory. So a program finds every path where its platform would put it
 * (`/run/secrets/...`, `/usr/local/tomcat/...`, `/etc/...`), nothing is written to this machine's own directories,
 * and whatever the program wrote stays readable in the upper layers after it exits. No path is rewritten and no
 * path variable is set that the image would not set.
 *
 * Not emulated: the image's other files (this machine's binaries stand in for the image's) and `/tmp`, which stays
 * this machine's `/tmp` (the scratch directories live there, and must stay visible).
 */
import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Directories overlaid by default; `/dev` only where a test must add a device node (the EC2 data volume). */
export const DEFAULT_LAYERS = ["/etc", "/usr", "/var", "/run"] as const;

const BOOTSTRAP_ENV = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" };

export class ContainerRoot {
    readonly dir: string;

    constructor(
        label: string,
        readonly layers: readonly string[] = DEFAULT_LAYERS,
    ) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `sys-${label}-`));
        for (const layer of layers) {
            fs.mkdirSync(this.upperOf(layer), { recursive: true });
            fs.mkdirSync(path.join(this.dir, "work", layer.slice(1)), { recursive: true });
        }
    }

    private upperOf(layer: string): string {
        return path.join(this.dir, "upper", layer.slice(1));
    }

    /** Where the container's `containerPath` lives on this machine (in its layer's upper directory). */
    hostPath(containerPath: string): string {
        if (!path.isAbsolute(containerPath)) throw new Error(`not an absolute container path: ${containerPath}`);
        const layer = this.layers.find((l) => containerPath === l || containerPath.startsWith(`${l}/`));
        if (layer === undefined) throw new Error(`${containerPath} is outside the emulated layers ${this.layers.join(", ")}`);
        return path.join(this.upperOf(layer), path.relative(layer, containerPath));
    }

    /** Puts a file into the container before it starts (a Docker upload, an image's file). */
    writeFile(containerPath: string, content: string, mode = 0o644): void {
        const target = this.hostPath(containerPath);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content, { mode });
        fs.chmodSync(target, mode);
    }

    mkdir(containerPath: string): void {
        fs.mkdirSync(this.hostPath(containerPath), { recursive: true });
    }

    readFile(containerPath: string): string {
        return fs.readFileSync(this.hostPath(containerPath), "utf8");
    }

    /** The file as the container sees it: written there (its upper layer), else this machine's (the lower layer). */
    readSeen(containerPath: string): string {
        return this.exists(containerPath) ? this.readFile(containerPath) : fs.readFileSync(containerPath, "utf8");
    }

    exists(containerPath: string): boolean {
        return fs.existsSync(this.hostPath(containerPath));
    }

    /** A scratch file outside the container's layers (visible inside too: `/tmp` is shared). */
    scratch(name: string): string {
        return path.join(this.dir, name);
    }

    /**
     * The argv that runs `command` inside the container's file system (optionally inside network namespace `netns`),
     * with exactly `env`. The mounts run first with a neutral environment and absolute paths (the container's PATH
     * may put stubs first, its locale may exist only inside); `env` reaches the command through a private file.
     */
    private argv(command: readonly string[], env: Record<string, string>, netns?: string): string[] {
        const envFile = path.join(this.dir, `env-${this.envFiles++}`);
        fs.writeFileSync(
            envFile,
            Object.entries(env)
                .map(([k, v]) => `${k}=${v}\0`)
                .join(""),
            { mode: 0o600 },
        );
        const mounts = this.layers
            .map((layer) => {
                const options = `lowerdir=${layer},upperdir=${this.upperOf(layer)},workdir=${path.join(this.dir, "work", layer.slice(1))}`;
                return `/usr/bin/mount -t overlay overlay -o '${options}' '${layer}'`;
            })
            .join(" && ");
        const script = `${mounts} && mapfile -d '' -t vars <'${envFile}' && exec /usr/bin/env -i "\${vars[@]}" "$@"`;
        const inner = ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/bash", "-c", script, "container-root", ...command];
        return netns === undefined ? inner : ["/usr/sbin/ip", "netns", "exec", netns, ...inner];
    }

    private envFiles = 0;

    /** Runs `command` to completion with exactly `env` (the container's environment), at most `timeoutMs`. */
    run(command: readonly string[], env: Record<string, string>, timeoutMs = 30_000, netns?: string): SpawnSyncReturns<string> {
        const [file, ...args] = this.argv(command, env, netns) as [string, ...string[]];
        // stdin is /dev/null: bash reads ~/.bashrc when its stdin is a socket (as Node's pipes are).
        return spawnSync(file, args, { env: BOOTSTRAP_ENV, encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL", stdio: ["ignore", "pipe", "pipe"] });
    }

    /** Starts `command` in the background (a server); the caller stops it. */
    start(command: readonly string[], env: Record<string, string>, netns?: string): ChildProcess {
        const [file, ...args] = this.argv(command, env, netns) as [string, ...string[]];
        return spawn(file, args, { env: BOOTSTRAP_ENV, stdio: ["ignore", "pipe", "pipe"] });
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Whether mount namespaces with overlays can be made here (root, and a kernel that allows them). */
export function containerRootsAvailable(): { ok: true } | { ok: false; why: string } {
    if (process.getuid?.() !== 0) return { ok: false, why: "not root: mount namespaces need CAP_SYS_ADMIN" };
    const probe = new ContainerRoot("probe", ["/opt"]);
    try {
        const result = probe.run(["/bin/true"], { PATH: "/usr/bin:/bin" }, 10_000);
        return result.status === 0 ? { ok: true } : { ok: false, why: `unshare/overlay failed: ${result.stderr.trim()}` };
    } finally {
        probe.remove();
    }
}
