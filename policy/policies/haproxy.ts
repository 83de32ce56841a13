import { PolicyResourceLike, TYPES, partOf } from "../model";

/** The HAProxy configuration uploaded into one of our load-balancer containers (the file ending in haproxy.cfg). */
export function haproxyConfigs(resources: readonly PolicyResourceLike[]): Array<{ container: PolicyResourceLike; text: string }> {
    return resources
        .filter((r) => r.type === TYPES.dockerContainer && partOf(r) === "loadBalancer")
        .flatMap((container) =>
            ((container.props.uploads ?? []) as Array<{ file: string; content?: string }>)
                .filter((u) => u.file.endsWith("haproxy.cfg") && typeof u.content === "string")
                .map((u) => ({ container, text: u.content as string })),
        );
}

export interface HaproxyServer {
    readonly name: string;
    readonly host: string;
    readonly port: number;
    readonly backup: boolean;
    readonly check: boolean;
}

export interface HaproxyBackend {
    readonly name: string;
    readonly lines: string[];
    readonly servers: HaproxyServer[];
}

/** The backends of a haproxy.cfg with their `server` lines (`default-server` options apply to each). */
export function haproxyBackends(text: string): HaproxyBackend[] {
    const sections = text.split(/\n(?=\S)/);
    return sections
        .filter((s) => /^backend\s/.test(s))
        .map((section) => {
            const lines = section.split("\n").map((l) => l.trim());
            const name = (lines[0] ?? "").split(/\s+/)[1] ?? "";
            const defaults = lines.filter((l) => l.startsWith("default-server ")).flatMap((l) => l.split(/\s+/).slice(1));
            const servers = lines
                .filter((l) => l.startsWith("server "))
                .map((line) => {
                    const [, serverName = "", address = "", ...options] = line.split(/\s+/);
                    const colon = address.lastIndexOf(":");
                    const all = [...defaults, ...options];
                    return {
                        name: serverName,
                        host: address.slice(0, colon).replace(/^\[|\]$/g, ""),
                        port: Number(address.slice(colon + 1)),
                        backup: options.includes("backup"),
                        check: all.includes("check") && !all.includes("no-check"),
                    };
                });
            return { name, lines, servers };
        });
}
