/**
 * A failover rig: the deployment's real HAProxy configuration (rendered by the contract from a validated config),
 * with only the server addresses and binds moved to 127.0.0.1, in front of two stand-in Web Authors.
 * Shared by tests/real/haproxy.test.ts and bench/failover.ts.
 */
import path from "node:path";
import { haproxyInputFor, parseDeploymentConfig, planTopology, renderHaproxyConfig, renderProductionVerdictLua, renderUnavailablePage } from "../../components";
import type { HaproxyRenderInput } from "../../components";
import { freePort, HaproxyProcess, ProcessGroup, sleep, StandIn } from "./haproxyHarness";
import { SECRETS } from "./sampleConfig";

export interface Rig {
    readonly group: ProcessGroup;
    readonly production: StandIn;
    readonly redundancy: StandIn;
    readonly haproxy: HaproxyProcess;
    /** HAProxy's plain-HTTP port on 127.0.0.1. */
    readonly port: number;
    /** HAProxy's HTTPS port, when started with TLS. */
    readonly httpsPort: number | undefined;
    readonly configText: string;
    stop(): Promise<void>;
}

export interface RigOptions {
    /** Extra `loadBalancer` config (as a user writes it). */
    readonly loadBalancer?: Record<string, unknown>;
    /** A PEM bundle: TLS on. */
    readonly tlsPem?: string;
}

/** The HAProxy input the Docker platform would render for this config, moved onto loopback. */
export function loopbackHaproxyInput(
    options: RigOptions,
    ports: { production: number; redundancy: number; http: number; https: number; metrics?: number },
    dir: string,
): HaproxyRenderInput {
    const config = parseDeploymentConfig({
        values: {
            ...SECRETS,
            ...(options.tlsPem ? { tlsCertificate: options.tlsPem } : {}),
            licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" },
            loadBalancer: options.loadBalancer ?? {},
        },
        secretKeys: new Set([...Object.keys(SECRETS), "tlsCertificate"]),
    });
    const input = haproxyInputFor(config, planTopology(config, "webauthor"));
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

/** The files the rendered config names, as the Docker platform uploads them: the 503 page, the Lua verdict, the PEM. */
export function loadBalancerFiles(input: HaproxyRenderInput, tlsPem?: string): Record<string, string> {
    const files: Record<string, string> = { [input.unavailablePagePath]: renderUnavailablePage(), [input.productionVerdictPath]: renderProductionVerdictLua() };
    if (input.tls && tlsPem) files[input.tls.certificatePath] = tlsPem;
    return files;
}

/** Starts both stand-ins and HAProxy, and waits until HAProxy's first health checks have run. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
    const group = new ProcessGroup();
    try {
        const ports = { production: await freePort(), redundancy: await freePort(), http: await freePort(), https: await freePort() };
        const production = new StandIn(group, "production", ports.production);
        const redundancy = new StandIn(group, "redundancy", ports.redundancy);
        await Promise.all([production.start(), redundancy.start()]);
        const input = loopbackHaproxyInput(options, ports, group.dir);
        const configText = renderHaproxyConfig(input);
        const haproxy = new HaproxyProcess(group, configText, loadBalancerFiles(input, options.tlsPem));
        await haproxy.start(ports.http);
        await sleep(300);
        return {
            group,
            production,
            redundancy,
            haproxy,
            port: ports.http,
            httpsPort: input.tls ? ports.https : undefined,
            configText,
            stop: () => group.stopAll(),
        };
    } catch (error) {
        await group.stopAll();
        throw error;
    }
}
