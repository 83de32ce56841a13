/**
 * Where a host:port named in one container's files lands, as Docker's networking would route it, from the registered
 * resources: a container name or alias on a network the caller joins on the same Docker host (the network's DNS, the
 * container's own port), else a published port on the Docker host with that address.
 */
import type { Registered, RegisteredStack } from "./registered";

/** The host name of a Docker provider's `host` (`tcp://10.0.0.5:2376`, `ssh://user@host`); "local" for the default. */
export function dockerHostAddress(provider: Registered | undefined): string {
    const host = provider?.inputs.host as string | undefined;
    if (host === undefined) return "local";
    const match = /^(?:tcp|ssh):\/\/(?:[^@/]+@)?([^:/]+)/.exec(host);
    if (!match) throw new Error(`cannot tell the address of Docker host ${host}`);
    return match[1] as string;
}

interface Port {
    readonly internal: number;
    readonly external?: number;
    readonly ip?: string;
}

const networksOf = (c: Registered) => (c.inputs.networksAdvanced ?? []) as Array<{ name: string; aliases?: string[] }>;
export const portsOf = (c: Registered) => (c.inputs.ports ?? []) as Port[];

/** The port a container's main process listens on (Tomcat's and HAProxy's 8080). */
const LISTENING_PORT = 8080;

export function landsOn(stack: RegisteredStack, from: Registered, host: string, port: number): Registered | undefined {
    const containers = stack.ofType("docker:index/container:Container");
    const fromHost = dockerHostAddress(stack.providerOf(from));
    const sameHost = (c: Registered) => dockerHostAddress(stack.providerOf(c)) === fromHost;
    const fromNetworks = new Set(networksOf(from).map((n) => n.name));
    const byName = containers.filter(
        (c) => sameHost(c) && networksOf(c).some((n) => fromNetworks.has(n.name) && (c.inputs.name === host || (n.aliases ?? []).includes(host))),
    );
    if (byName.length > 0) return byName.length === 1 && port === LISTENING_PORT ? byName[0] : undefined;
    const published = containers.filter(
        (c) =>
            dockerHostAddress(stack.providerOf(c)) === host &&
            portsOf(c).some((p) => (p.external ?? p.internal) === port && (p.ip === undefined || p.ip === "0.0.0.0" || p.ip === host)),
    );
    return published.length === 1 ? published[0] : undefined;
}

/** A URL's host and port (default 80). */
export function hostPortOf(url: string): { host: string; port: number } {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port === "" ? 80 : Number(parsed.port) };
}
