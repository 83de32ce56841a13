/**
 * The documented alert rules (components/contract/metrics.ts) evaluated on what the real HAProxy exports at /metrics,
 * in each state of the deployment: each situation fires its own alert and no other.
 */
import { LOAD_BALANCER_ALERTS } from "../../components/contract/metrics";
import { request, waitUntil } from "../helpers/haproxyHarness";
import { fires, parseExposition } from "../helpers/prometheus";
import { SwitchoverRig } from "../helpers/switchoverRig";

jest.setTimeout(20000);

let rig: SwitchoverRig | undefined;
afterEach(async () => {
    await rig?.stop();
    rig = undefined;
});

async function firing(r: SwitchoverRig): Promise<string[]> {
    const answer = await request(r.metricsPort, "/metrics", {}, 2000);
    expect(answer.status).toBe(200);
    const samples = parseExposition(answer.body);
    return LOAD_BALANCER_ALERTS.filter((rule) => fires(rule, samples)).map((rule) => rule.alert);
}

/** Waits until exactly `expected` fire (the health checks take up to 1.25 s to mark a killed server down). */
async function expectFiring(r: SwitchoverRig, expected: string[]) {
    let last: string[] = [];
    await waitUntil(
        `alerts ${expected.join(", ") || "none"} (last: ${last.join(", ")})`,
        async () => {
            last = await firing(r);
            return JSON.stringify(last) === JSON.stringify(expected);
        },
        3000,
        100,
    ).catch(() => expect(last).toEqual(expected));
}

describe("alert rules on the real HAProxy's Prometheus metrics", () => {
    it("ready: none while both are up; failover when production is killed", async () => {
        rig = await SwitchoverRig.create();
        await rig.restartWith({});
        await expectFiring(rig, []);
        await rig.production.kill();
        await expectFiring(rig, ["WebAuthorFailoverActive"]);
    });

    it("ready: redundancy killed fires only the standby alert", async () => {
        rig = await SwitchoverRig.create();
        await rig.restartWith({});
        await rig.redundancy.kill();
        await expectFiring(rig, ["WebAuthorRedundancyCannotTakeOver"]);
    });

    it.each(["drain", "maintenance"])("%s: fires the switchover alert, plus the standby alert when redundancy dies", async (state) => {
        rig = await SwitchoverRig.create();
        await rig.restartWith({ production: state });
        await expectFiring(rig, ["WebAuthorProductionDrained"]);
        await rig.redundancy.kill();
        await expectFiring(rig, ["WebAuthorRedundancyCannotTakeOver", "WebAuthorProductionDrained"]);
    });

    it("serves the read-only stats page, with production's current sessions (scur) in its CSV", async () => {
        rig = await SwitchoverRig.create();
        await rig.restartWith({});
        const csv = await request(rig.metricsPort, "/stats;csv", {}, 2000);
        const header = csv.body.split("\n")[0]!.replace(/^# /, "").split(",");
        const production = csv.body
            .split("\n")
            .find((line) => line.startsWith("web_authors,production,"))!
            .split(",");
        expect(production[header.indexOf("scur")]).toBe("0");
        expect(production[header.indexOf("status")]).toBe("UP");
    });
});
