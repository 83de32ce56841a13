/**
 * Two stand-ins on 127.0.0.1 and the deployment's real HAProxy configuration for a given `loadBalancer` config, which
 * can be rendered again with other values (a planned switchover, a health-check timing) on the same ports.
 * `restartWith` runs the new configuration in a new HAProxy process (the semantics of each state); the in-place
 * reload is tests/real/loadBalancerReload.test.ts's business.
 */
import { renderHaproxyConfig } from "../../components";
import { loadBalancerFiles, loopbackHaproxyInput } from "./failoverRig";
import { freePorts, HaproxyProcess, ProcessGroup, sleep, StandIn } from "./haproxyHarness";

export interface RenderedLoadBalancer {
    readonly configText: string;
    readonly files: Record<string, string>;
}

export class SwitchoverRig {
    haproxy: HaproxyProcess | undefined;

    private constructor(
        readonly group: ProcessGroup,
        readonly production: StandIn,
        readonly redundancy: StandIn,
        private readonly ports: { production: number; redundancy: number; http: number; https: number; metrics: number },
    ) {}

    /** HAProxy's plain-HTTP port. */
    get port(): number {
        return this.ports.http;
    }

    /** The metrics frontend's port (Prometheus exporter, stats page). */
    get metricsPort(): number {
        return this.ports.metrics;
    }

    /** Starts both stand-ins (no HAProxy yet). */
    static async create(): Promise<SwitchoverRig> {
        const group = new ProcessGroup();
        try {
            const ports = await freePorts("production", "redundancy", "http", "https", "metrics");
            const rig = new SwitchoverRig(group, new StandIn(group, "production", ports.production), new StandIn(group, "redundancy", ports.redundancy), ports);
            await Promise.all([rig.production.start(), rig.redundancy.start()]);
            return rig;
        } catch (error) {
            await group.stopAll();
            throw error;
        }
    }

    /** The configuration and files the Docker platform would render for this `loadBalancer` config, on loopback. */
    render(loadBalancer: Record<string, unknown>, dir = this.group.dir): RenderedLoadBalancer {
        const input = loopbackHaproxyInput({ loadBalancer }, this.ports, dir);
        return { configText: renderHaproxyConfig(input), files: loadBalancerFiles(input) };
    }

    /** Stops the running HAProxy, if any, and starts one with the configuration for `loadBalancer`. */
    async restartWith(loadBalancer: Record<string, unknown>): Promise<void> {
        await this.haproxy?.stop();
        const { configText, files } = this.render(loadBalancer);
        this.haproxy = new HaproxyProcess(this.group, configText, files);
        await this.haproxy.start(this.port);
        // The first health checks run at start.
        await sleep(300);
    }

    stop(): Promise<void> {
        return this.group.stopAll();
    }
}
