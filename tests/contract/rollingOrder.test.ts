/**
 * The rolling order, played through for the change it must survive: a rotated `licenseServerPassword`, which every
 * part takes. Each step restarts one part (it is down while it restarts, then up with the new password); a Web Author
 * asks its main license server (production's), else its backup (redundancy's). At every moment of the sequence every
 * Web Author that is up must find a license server that is up and takes its password.
 */
import { EnvironmentPart, ROLLING_ORDER, ROLLING_SEQUENCE, rollingEnvironments, rollingPartsOf, RollingStep } from "../../components/contract/rollingOrder";
import type { Role } from "../../components/contract/topology";

type Password = "old" | "new";
type State = Record<`${Role} ${EnvironmentPart}`, Password | "down">;

/** Web Authors whose password no up license server takes, at this moment. */
function unlicensed(state: State): string[] {
    const licenseServers: Role[] = ["production", "redundancy"]; // main, then backup
    return (["production", "redundancy"] as const).filter((role) => {
        const password = state[`${role} webAuthor`];
        return password !== "down" && !licenseServers.some((server) => state[`${server} licenseServer`] === password);
    });
}

/** Every moment of a rotation done in `sequence`: each part down while it restarts, then on the new password. */
function rotation(sequence: readonly RollingStep[]): Array<{ moment: string; unlicensed: string[] }> {
    const state: State = { "production licenseServer": "old", "production webAuthor": "old", "redundancy licenseServer": "old", "redundancy webAuthor": "old" };
    const moments: Array<{ moment: string; unlicensed: string[] }> = [];
    for (const step of sequence) {
        state[`${step.role} ${step.part}`] = "down";
        moments.push({ moment: `${step.role} ${step.part} restarting`, unlicensed: unlicensed(state) });
        state[`${step.role} ${step.part}`] = "new";
        moments.push({ moment: `${step.role} ${step.part} back`, unlicensed: unlicensed(state) });
    }
    return moments;
}

describe("the rolling order", () => {
    it("is redundancy's license server, redundancy's Web Author, production's Web Author, production's license server", () => {
        expect(ROLLING_SEQUENCE).toEqual([
            { role: "redundancy", part: "licenseServer" },
            { role: "redundancy", part: "webAuthor" },
            { role: "production", part: "webAuthor" },
            { role: "production", part: "licenseServer" },
        ]);
        expect(rollingEnvironments()).toEqual(["redundancy", "production"]);
        expect(rollingPartsOf("redundancy")).toEqual(["licenseServer", "webAuthor"]);
        expect(rollingPartsOf("production")).toEqual(["webAuthor", "licenseServer"]);
        expect(ROLLING_ORDER).toEqual({ first: "redundancy", then: "production" });
    });

    it("keeps every Web Author licensed at every moment of a password rotation", () => {
        const moments = rotation(ROLLING_SEQUENCE);
        expect(moments).toHaveLength(8);
        expect(moments.filter((m) => m.unlicensed.length > 0)).toEqual([]);
    });

    it("is the only order, redundancy's part before production's, that does (any other leaves a Web Author without a license server)", () => {
        const permutations = (steps: readonly RollingStep[]): RollingStep[][] =>
            steps.length <= 1
                ? [[...steps]]
                : steps.flatMap((step, i) => permutations([...steps.slice(0, i), ...steps.slice(i + 1)]).map((rest) => [step, ...rest]));
        const position = (order: readonly RollingStep[], role: Role, part: EnvironmentPart) => order.findIndex((s) => s.role === role && s.part === part);
        const redundancyFirst = permutations(ROLLING_SEQUENCE).filter((order) =>
            (["licenseServer", "webAuthor"] as const).every((part) => position(order, ROLLING_ORDER.first, part) < position(order, ROLLING_ORDER.then, part)),
        );
        expect(redundancyFirst).toHaveLength(6);
        const safe = redundancyFirst.filter((order) => rotation(order).every((m) => m.unlicensed.length === 0));
        expect(safe).toEqual([ROLLING_SEQUENCE]);
        // For instance the order before this one (both license servers, then both Web Authors): production's old-password
        // Web Author finds no license server once both have the new password.
        const serversFirst = [ROLLING_SEQUENCE[0], ROLLING_SEQUENCE[3], ROLLING_SEQUENCE[1], ROLLING_SEQUENCE[2]] as RollingStep[];
        expect(rotation(serversFirst).find((m) => m.unlicensed.length > 0)).toEqual({
            moment: "production licenseServer restarting",
            unlicensed: ["production", "redundancy"],
        });
    });
});
