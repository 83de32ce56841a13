/**
 * The HAProxy binary the tests and benchmarks run: the branch the deployment pins (`DEFAULT_HAPROXY_IMAGE`), as
 * installed by scripts/install-test-haproxy.sh (`haproxy-3.0`). `HAPROXY_BIN` overrides it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_HAPROXY_IMAGE } from "../../components/config/schema";

/** The pinned image's branch, e.g. `3.0` for `haproxy:3.0.11`. */
export function pinnedHaproxyBranch(image = DEFAULT_HAPROXY_IMAGE): string {
    const match = /^haproxy:(\d+\.\d+)\.\d+$/.exec(image);
    if (!match) throw new Error(`${image} does not pin an HAProxy release (haproxy:X.Y.Z)`);
    return match[1]!;
}

export const HAPROXY_BIN = process.env.HAPROXY_BIN ?? `haproxy-${pinnedHaproxyBranch()}`;

/** The `major.minor.patch` release of {@link HAPROXY_BIN}, from `haproxy -v`. */
export function haproxyRelease(bin = HAPROXY_BIN): string {
    const result = spawnSync(bin, ["-v"], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`${bin} -v failed (${result.error?.message ?? result.stderr}); run scripts/install-test-haproxy.sh as root`);
    }
    const match = /HAProxy version (\d+\.\d+\.\d+)/.exec(result.stdout);
    if (!match) throw new Error(`cannot read the release from: ${result.stdout}`);
    return match[1]!;
}

/** The absolute path of {@link HAPROXY_BIN}, for commands that run with a PATH of their own (the system tests). */
export function haproxyPath(bin = HAPROXY_BIN): string {
    if (bin.includes("/")) return bin;
    for (const dir of (process.env.PATH ?? "").split(":").filter(Boolean)) {
        const candidate = path.join(dir, bin);
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error(`${bin} is not on the PATH; run scripts/install-test-haproxy.sh as root`);
}
