/**
 * A failover rig: the load balancer exactly as the stack program registers it, in front of two stand-in Web Authors
 * on 127.0.0.1. The stack program (`stacks/program.ts`, what `pulumi up` runs) runs under Pulumi's mocks once per
 * distinct config; the rig takes the load balancer's config writer (the one-shot `docker:index/container:Container`
 * that publishes HAProxy's files into the volume HAProxy reloads from, platforms/docker/loadBalancerReload.ts) and its
 * `uploads` (`haproxy.cfg`, the 503 page, the Lua verdict, the PEM with TLS), placed at the paths HAProxy reads them
 * from, and {@link moveOntoLoopback} moves only what cannot work outside Docker. Shared by tests/real/haproxy.test.ts, tests/real/adminGuard.test.ts and the benchmarks.
 */
import path from "node:path";
import { DOCKER_HAPROXY, HAPROXY_PATHS, haproxyInputFor, LAST_RESORT_SERVER, parseDeploymentConfig, planTopology } from "../../components";
import type { HaproxyRenderInput } from "../../components";
import { renderProductionVerdictLua, renderUnavailablePage } from "../../components";
import { LOAD_BALANCER_SCRIPT_PATHS } from "../../components/platforms/docker/loadBalancerReload";
import { dockerContainerSpec } from "../system/harness/dockerContainer";
import { registeredStack } from "../system/harness/registered";
import { freePorts, HaproxyProcess, ProcessGroup, sleep, StandIn } from "./haproxyHarness";
import { asPulumiConfig, SECRETS } from "./sampleConfig";

export interface Rig {
    readonly group: ProcessGroup;
    readonly production: StandIn;
    readonly redundancy: StandIn;
    readonly haproxy: HaproxyProcess;
    /** HAProxy's plain-HTTP port on 127.0.0.1. */
    readonly port: number;
    /** HAProxy's HTTPS port, when started with TLS. */
    readonly httpsPort: number | undefined;
    /** The config HAProxy runs: the registered one, moved onto loopback. */
    readonly configText: string;
    /** What the program registered. */
    readonly registered: RegisteredLoadBalancer;
    stop(): Promise<void>;
}

export interface RigOptions {
    /** Extra `loadBalancer` config (as a user writes it). */
    readonly loadBalancer?: Record<string, unknown>;
    /** A PEM bundle (`tlsCertificate`): TLS on. */
    readonly tlsPem?: string;
}

/** Where HAProxy reads its config: the current generation the config writer published into the shared volume. */
export const IMAGE_CONFIG_PATH = HAPROXY_PATHS.config;

/** Where the config writer's uploads wait to be published: each file goes to `HAPROXY_PATHS.live/current/<its name>`. */
const STAGED_CONFIG_PATH = `${LOAD_BALANCER_SCRIPT_PATHS.staging}/${path.basename(HAPROXY_PATHS.config)}`;

/** The stack config of a rig, as a user writes it: Docker, license servers in containers, the given load balancer. */
export function rigConfigValues(options: RigOptions = {}): Record<string, unknown> {
    return {
        ...SECRETS,
        platform: "docker",
        licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" },
        loadBalancer: options.loadBalancer ?? {},
        ...(options.tlsPem === undefined ? {} : { tlsCertificate: options.tlsPem }),
    };
}

/** The load balancer's config writer as registered: its uploads (paths HAProxy reads them at, content, modes), the config among them. */
export interface RegisteredLoadBalancer {
    /** The registered config writer's name (its Pulumi resource name). */
    readonly resourceName: string;
    /** The uploaded `haproxy.cfg`. */
    readonly config: string;
    /** Every other file it publishes, by its path in the HAProxy container. */
    readonly files: ReadonlyArray<{ readonly file: string; readonly content: string; readonly mode: number }>;
}

const registeredByConfig = new Map<string, Promise<RegisteredLoadBalancer>>();
/** The mocks and the config are process-wide: one program run at a time. */
let programs: Promise<unknown> = Promise.resolve();

async function runProgramFor(options: RigOptions): Promise<RegisteredLoadBalancer> {
    const secretKeys = [...Object.keys(SECRETS), ...(options.tlsPem === undefined ? [] : ["tlsCertificate"])];
    const stack = await registeredStack(asPulumiConfig(rigConfigValues(options), secretKeys));
    const withConfig = stack
        .ofType("docker:index/container:Container")
        .filter((c) => ((c.inputs.uploads ?? []) as Array<{ file: string }>).some((u) => u.file === STAGED_CONFIG_PATH));
    if (withConfig.length !== 1) throw new Error(`expected one config writer uploading ${STAGED_CONFIG_PATH}, found ${withConfig.length}`);
    const spec = dockerContainerSpec(stack, withConfig[0]!);
    if (!spec.vendorImage?.startsWith("haproxy:")) throw new Error(`the config writer runs ${spec.vendorImage}, not an HAProxy image`);
    // The staged files, at the paths the HAProxy container reads them from once published (`current` generation).
    const published = spec.uploads
        .filter((u) => path.dirname(u.file) === LOAD_BALANCER_SCRIPT_PATHS.staging)
        .map((u) => ({ ...u, file: path.join(path.dirname(HAPROXY_PATHS.config), path.basename(u.file)) }));
    return {
        resourceName: spec.resource.name,
        config: published.find((u) => u.file === IMAGE_CONFIG_PATH)!.content,
        files: published.filter((u) => u.file !== IMAGE_CONFIG_PATH),
    };
}

/** The stack program's load balancer for this config; the program runs once per distinct config (cached). */
export function registeredLoadBalancer(options: RigOptions = {}): Promise<RegisteredLoadBalancer> {
    const key = JSON.stringify([options.loadBalancer ?? {}, options.tlsPem ?? null]);
    let found = registeredByConfig.get(key);
    if (found === undefined) {
        found = programs.then(() => runProgramFor(options));
        programs = found.catch(() => undefined);
        registeredByConfig.set(key, found);
        found.catch(() => registeredByConfig.delete(key));
    }
    return found;
}

export interface LoopbackPlacement {
    /**
     * 127.0.0.1 ports for the `bind` lines: the one with `ssl` gets `https`, the metrics frontend's `metrics`, the
     * other `http`.
     */
    readonly binds: { readonly http: number; readonly https: number; readonly metrics?: number };
    /** The stand-in's 127.0.0.1 port for each `server` (by server name: production, redundancy, the last resort). */
    readonly servers: Readonly<Record<string, number>>;
    /** Stands in for the container's file system: each uploaded file goes to `dir` + its container path. */
    readonly dir: string;
}

export interface LoopbackLoadBalancer {
    readonly configText: string;
    /** The uploads other than the config, at their new paths. */
    readonly files: Record<string, string>;
    /** Whether the config binds HTTPS. */
    readonly tls: boolean;
}

/**
 * Moves the registered load balancer onto loopback, changing only what cannot work outside its container; every
 * other byte of the registered config stays as it is (tests/real/haproxy.test.ts checks this line by line):
 * - `bind *:<port>` lines bind 127.0.0.1 ports instead (HAProxy runs on this machine, beside other rigs);
 * - each `server` line's address becomes its stand-in's 127.0.0.1 port, and its `resolvers <name> init-addr ...`
 *   suffix is removed, with the `resolvers` section itself: the nameserver it names is Docker's embedded DNS
 *   (127.0.0.11:53), which answers only inside a container on a Docker network, and the stand-ins are addressed by
 *   IP, so there is nothing to resolve;
 * - the uploaded files' container paths (the Lua verdict, the 503 page, the PEM) and the `server-state-file` become
 *   the same paths under `dir`.
 * Anything else this cannot place (a bind on a given address, a server with no stand-in) fails instead of guessing.
 */
export function moveOntoLoopback(registered: RegisteredLoadBalancer, placement: LoopbackPlacement): LoopbackLoadBalancer {
    const moved = (containerPath: string) => path.join(placement.dir, containerPath);
    const paths = registered.files.map((f) => f.file);
    // A path as a whole word of the line (HAProxy's arguments are separated by spaces).
    const movePaths = (line: string) =>
        paths.reduce(
            (text, file) => text.replace(new RegExp(`(?<=^|\\s)${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=\\s|$)`, "g"), () => moved(file)),
            line,
        );
    const out: string[] = [];
    const lines = registered.config.split("\n");
    let tls = false;
    let plainBinds = 0;
    let section = "";
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (/^\S/.test(line)) section = line;
        const state = /^(\s+)server-state-file (\S+)$/.exec(line);
        if (state) {
            out.push(`${state[1]}server-state-file ${moved(state[2]!)}`);
            continue;
        }
        if (/^resolvers\s/.test(line)) {
            // The section runs to the next unindented line; the blank line that separates it goes with it.
            while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) i++;
            if (i + 1 < lines.length && lines[i + 1] === "") i++;
            continue;
        }
        const bind = /^(\s+)bind (\S+)(.*)$/.exec(line);
        if (bind) {
            const [, indent, address, rest] = bind as unknown as [string, string, string, string];
            if (!/^\*:\d+$/.test(address)) throw new Error(`cannot move a bind on ${address} onto loopback: ${line}`);
            const ssl = /\sssl(\s|$)/.test(rest);
            if (section === "frontend metrics") {
                if (placement.binds.metrics === undefined) throw new Error(`no loopback port for the metrics bind: ${line}`);
                out.push(`${indent}bind 127.0.0.1:${placement.binds.metrics}${rest}`);
                continue;
            }
            tls ||= ssl;
            if (!ssl && ++plainBinds > 1) throw new Error(`more than one plain bind: ${line}`);
            out.push(movePaths(`${indent}bind 127.0.0.1:${ssl ? placement.binds.https : placement.binds.http}${rest}`));
            continue;
        }
        const server = /^(\s+)server (\S+) (\S+)(.*?)( resolvers \S+ init-addr \S+)?$/.exec(line);
        if (server) {
            const [, indent, name, , rest] = server as unknown as [string, string, string, string, string];
            const port = placement.servers[name];
            if (port === undefined) throw new Error(`no stand-in for server ${name}: ${line}`);
            if (/\sresolve/.test(rest)) throw new Error(`unexpected DNS option on: ${line}`);
            out.push(`${indent}server ${name} 127.0.0.1:${port}${rest}`);
            continue;
        }
        out.push(movePaths(line));
    }
    const configText = out.join("\n");
    if (/resolvers/.test(configText)) throw new Error("a `resolvers` reference is left after the move");
    const files = Object.fromEntries(registered.files.map((f) => [moved(f.file), f.content]));
    return { configText, files, tls };
}

/** Starts both stand-ins and HAProxy, and waits until HAProxy's first health checks have run. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
    const registered = await registeredLoadBalancer(options);
    const group = new ProcessGroup();
    try {
        const ports = await freePorts("production", "redundancy", "http", "https", "metrics");
        const production = new StandIn(group, "production", ports.production);
        const redundancy = new StandIn(group, "redundancy", ports.redundancy);
        await Promise.all([production.start(), redundancy.start()]);
        const loopback = moveOntoLoopback(registered, {
            binds: { http: ports.http, https: ports.https, metrics: ports.metrics },
            // The planned switchover's last resort is production again.
            servers: { production: ports.production, redundancy: ports.redundancy, [LAST_RESORT_SERVER]: ports.production },
            dir: group.dir,
        });
        const haproxy = new HaproxyProcess(group, loopback.configText, loopback.files);
        await haproxy.start(ports.http);
        await sleep(300);
        return {
            group,
            production,
            redundancy,
            haproxy,
            port: ports.http,
            httpsPort: loopback.tls ? ports.https : undefined,
            configText: loopback.configText,
            registered,
            stop: () => group.stopAll(),
        };
    } catch (error) {
        await group.stopAll();
        throw error;
    }
}

/**
 * The HAProxy input the Docker platform renders for this config (the contract, with the Docker platform's container),
 * moved onto loopback: for rigs that render configurations themselves (switchover, reload), beside the registered one.
 */
export function loopbackHaproxyInput(
    options: RigOptions,
    ports: { production: number; redundancy: number; http: number; https: number; metrics?: number },
    dir: string,
): HaproxyRenderInput {
    const secretKeys = new Set([...Object.keys(SECRETS), "tlsCertificate"]);
    const config = parseDeploymentConfig({ values: rigConfigValues(options), secretKeys });
    const input = haproxyInputFor(config, planTopology(config, "webauthor"), DOCKER_HAPROXY);
    return {
        ...input,
        servers: { production: { host: "127.0.0.1", port: ports.production }, redundancy: { host: "127.0.0.1", port: ports.redundancy } },
        httpBind: { host: "127.0.0.1", port: ports.http },
        tls: input.tls ? { bind: { host: "127.0.0.1", port: ports.https }, certificatePath: path.join(dir, "site.pem") } : undefined,
        unavailablePagePath: path.join(dir, "503.http"),
        productionVerdictPath: path.join(dir, "production-verdict.lua"),
        serverStatePath: path.join(dir, "server-state"),
        // The metrics frontend only where a test asks for it (its container port would clash between rigs).
        metricsBind: ports.metrics === undefined ? undefined : { host: "127.0.0.1", port: ports.metrics },
    };
}

/** The files the rendered config names, as the Docker platform publishes them: the 503 page, the Lua verdict, the PEM. */
export function loadBalancerFiles(input: HaproxyRenderInput, tlsPem?: string): Record<string, string> {
    const files: Record<string, string> = { [input.unavailablePagePath]: renderUnavailablePage(), [input.productionVerdictPath]: renderProductionVerdictLua() };
    if (input.tls && tlsPem) files[input.tls.certificatePath] = tlsPem;
    return files;
}
