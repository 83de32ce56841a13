/**
 * The system tests need root (mount and network namespaces). Without it they skip with the reason, except in CI
 * (`CI=true`) or with `SYSTEM_TESTS_REQUIRED=1`, where a missing capability fails the run instead of hiding it.
 */
import { spawnSync } from "node:child_process";
import { containerRootsAvailable } from "./containerRoot";

export const REQUIRED = process.env.CI === "true" || process.env.SYSTEM_TESTS_REQUIRED === "1";

function netnsAvailable(): { ok: true } | { ok: false; why: string } {
    if (process.getuid?.() !== 0) return { ok: false, why: "not root: `ip netns add` needs CAP_SYS_ADMIN and CAP_NET_ADMIN" };
    const result = spawnSync("ip", ["netns", "list"], { encoding: "utf8" });
    if (result.error || result.status !== 0) return { ok: false, why: `\`ip netns\` unavailable: ${result.error?.message ?? result.stderr.trim()}` };
    return { ok: true };
}

/** `describe`, or `describe.skip` with the reason printed, or a failing test in CI. */
export function describeNeeding(what: "containerRoots" | "netns", name: string, body: () => void): void {
    const check =
        what === "containerRoots"
            ? containerRootsAvailable()
            : (() => {
                  const roots = containerRootsAvailable();
                  return roots.ok ? netnsAvailable() : roots;
              })();
    if (check.ok) {
        describe(name, body);
    } else if (REQUIRED) {
        describe(name, () =>
            it(`needs ${what}`, () => {
                throw new Error(`system tests must run here (CI): ${check.why}`);
            }),
        );
    } else {
        console.warn(`SKIPPED ${name}: ${check.why}`);
        describe.skip(name, body);
    }
}
