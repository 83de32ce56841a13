/**
 * The Docker load balancer's in-place reload, for real: docker/load-balancer/publish-config.sh (the config writer)
 * and docker/load-balancer/reloader.sh (the HAProxy container's command) under bash, with the pinned branch's HAProxy
 * and two stand-ins on 127.0.0.1. Configuration changes under load must fail no request.
 */
import fs from "node:fs";
import path from "node:path";
import { CookieClient, sleep, waitUntil } from "../helpers/haproxyHarness";
import { startLoad } from "../helpers/loadGenerator";
import { ReloadRig } from "../helpers/reloadRig";

jest.setTimeout(30000);
const APP = "/oxygen-xml-web-author/app/oxygen.html";

let rig: ReloadRig | undefined;
afterEach(async () => {
    await rig?.stop();
    rig = undefined;
});

async function started(loadBalancer: Record<string, unknown> = {}): Promise<ReloadRig> {
    const created = await ReloadRig.create();
    rig = created;
    expect(created.publish(created.rendered(loadBalancer)).status).toBe(0);
    await created.startReloader();
    return created;
}

const masterPid = async (r: ReloadRig) => /^(\d+)\s+master/m.exec(await r.cli("show proc"))?.[1];

describe("the load balancer's reload in place", () => {
    it("applies a health-check timing, an Admin CIDR and a switchover under load without failing a request", async () => {
        const r = await started();
        const master = await masterPid(r);
        const load = startLoad(r.port);
        await sleep(300);
        const changes: Array<Record<string, unknown>> = [
            { healthCheck: { intervalMs: 900 } },
            { healthCheck: { intervalMs: 900 }, adminAllowedSources: ["203.0.113.0/24"] },
            { healthCheck: { intervalMs: 900 }, adminAllowedSources: ["203.0.113.0/24"], production: "drain" },
        ];
        for (const change of changes) {
            const published = r.publish(r.rendered(change));
            expect(published.status).toBe(0);
            await r.reloadedTo(published.generation);
            await sleep(200);
        }
        const drained = await new CookieClient(r.port).get(APP);
        const { answers, failed } = await load.stop();
        expect(failed).toEqual([]);
        expect(answers.length).toBeGreaterThan(50);
        expect(drained.servedBy).toBe("redundancy");
        // Reloaded, never restarted: the same master, three reloads.
        expect(await masterPid(r)).toBe(master);
        expect(await r.cli("show proc")).toMatch(/^\d+\s+master\s+3 /m);
        expect(r.reloaderRunning).toBe(true);
    });

    it("keeps a production that is marked down, down across a reload", async () => {
        const r = await started();
        await r.rig.production.kill();
        await waitUntil(
            "production marked down",
            async () => /web_authors 1 production \S+ 0 /.test(await r.cli("@1 show servers state web_authors")),
            3000,
            50,
        );
        const published = r.publish(r.rendered({ healthCheck: { rise: 3 } }));
        await r.reloadedTo(published.generation);
        // The new worker loaded production's state from the file the reloader saved: down (0), not a fresh UP.
        expect(await r.cli("@1 show servers state web_authors")).toMatch(/web_authors 1 production \S+ 0 /);
        const answer = await new CookieClient(r.port).get(APP);
        expect(`${answer.status} ${answer.servedBy}`).toBe("200 redundancy");
    });

    it("refuses a configuration that haproxy -c rejects: the writer fails, HAProxy keeps the one it runs", async () => {
        const r = await started();
        const before = fs.readlinkSync(path.join(r.liveDir, "current"));
        const broken = { ...r.rendered({ production: "drain" }), "haproxy.cfg": "global\n    no-such-keyword\n" };
        const published = r.publish(broken);
        expect(published.status).toBe(1);
        expect(published.output).toMatch(/haproxy -c rejects/);
        expect(fs.readlinkSync(path.join(r.liveDir, "current"))).toBe(before);
        await sleep(400);
        expect(r.output).not.toContain("reloading");
        expect((await new CookieClient(r.port).get(APP)).servedBy).toBe("production");
    });
});
