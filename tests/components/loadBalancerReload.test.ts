/**
 * On Docker a load-balancer configuration change must reach HAProxy as a reload, never as a new container: under the
 * mocks, such a change alters the config writer's inputs and nothing else.
 */
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, sampleValues } from "../helpers/sampleConfig";

async function inputsByName(loadBalancer: Record<string, unknown>): Promise<Map<string, string>> {
    const values = sampleValues();
    const { config, secretKeys } = asPulumiConfig({ ...values, loadBalancer: { ...(values.loadBalancer as object), ...loadBalancer } });
    const { resources } = await runProgram(() => deployStack(), config, secretKeys);
    return new Map(resources.map((r: RecordedResource) => [r.name, JSON.stringify(unwrapSecrets(r.inputs))]));
}

const CHANGES: Array<[string, Record<string, unknown>]> = [
    ["a health-check timing", { healthCheck: { intervalMs: 900 } }],
    ["an Admin CIDR", { adminAllowedSources: ["203.0.113.0/24"] }],
    ["the planned switchover", { production: "drain" }],
    ["the connect timeout", { connectTimeoutMs: 400 }],
];

describe("a load-balancer configuration change on Docker", () => {
    let base: Map<string, string>;
    beforeAll(async () => {
        base = await inputsByName({});
    });

    it("gives the HAProxy container no input that holds the configuration", () => {
        const container = base.get("webauthor-load-balancer-container") as string;
        expect(container).not.toContain("backend web_authors");
        expect(container).toContain("oxygen-haproxy-reloader.sh");
        expect(base.get("webauthor-load-balancer-config-writer")).toContain("backend web_authors");
    });

    it.each(CHANGES)("%s changes the config writer's inputs only", async (_what, change) => {
        const changed = await inputsByName(change);
        const differing = [...base.keys()].filter((name) => base.get(name) !== changed.get(name));
        expect([...changed.keys()].sort()).toEqual([...base.keys()].sort());
        expect(differing).toEqual(["webauthor-load-balancer-config-writer"]);
    });
});

describe("the load balancer's metrics port on Docker", () => {
    async function lbPorts(loadBalancer: Record<string, unknown>) {
        const values = sampleValues();
        const { config, secretKeys } = asPulumiConfig({ ...values, loadBalancer: { ...(values.loadBalancer as object), ...loadBalancer } });
        const { resources } = await runProgram(() => deployStack(), config, secretKeys);
        return (resources.find((r) => r.name === "webauthor-load-balancer-container")!.inputs as { ports: unknown[] }).ports;
    }

    it("is not published by default", async () => {
        expect(await lbPorts({})).toEqual([{ internal: 8080, external: 8080 }]);
    });

    it("is published on the configured interface and port only", async () => {
        expect(await lbPorts({ metrics: { publishAddress: "127.0.0.1", hostPort: 9101 } })).toEqual([
            { internal: 8080, external: 8080 },
            { internal: 8404, external: 9101, ip: "127.0.0.1" },
        ]);
    });

    it("refuses an address that is not one of a host's", async () => {
        await expect(inputsByName({ metrics: { publishAddress: "239.1.1.1" } })).rejects.toThrow(/loadBalancer\.metrics\.publishAddress/);
    });
});
