/**
 * The Docker load balancer's configuration changes, under load, with the shipped scripts: docker/load-balancer/
 * publish-config.sh publishes each rendered configuration and docker/load-balancer/reloader.sh reloads the pinned
 * branch's HAProxy in place (tests/helpers/reloadRig.ts), in front of two stand-ins on 127.0.0.1.
 * Throughout: 3 new visitors (a fresh connection each, a request every 10 ms each) and one cookie-keeping editing
 * session (a request every 50 ms). Phases, each a published configuration:
 *   1. a health-check timing, 2. an Admin CIDR (load-balancer changes that must fail nothing);
 *   3. drain: how soon new visitors land on redundancy, and whether the session (on production) stays there;
 *   4. redundancy killed while production is drained: answers with the 503 page, and how soon production serves;
 *      redundancy started again, then a second session starts (on redundancy);
 *   5. back to ready: how soon new visitors land on production, whether a session that moved stays on redundancy.
 * Times are from the end of the writer's publication to the first answer; they include the reloader's poll (0.5 s).
 * One run per invocation: `npm run bench:reload`.
 */
import { CookieClient, sleep } from "../tests/helpers/haproxyHarness";
import { LoadAnswer, startLoad } from "../tests/helpers/loadGenerator";
import { ReloadRig } from "../tests/helpers/reloadRig";

const APP = "/oxygen-xml-web-author/app/oxygen.html";

function sessionLoop(port: number) {
    const client = new CookieClient(port);
    const answers: LoadAnswer[] = [];
    let running = true;
    const loop = (async () => {
        while (running) {
            const at = Date.now();
            try {
                const answer = await client.get(APP);
                answers.push({ at, doneAt: Date.now(), ok: answer.status === 200, status: answer.status, servedBy: answer.servedBy });
            } catch (error) {
                answers.push({ at, doneAt: Date.now(), ok: false, status: 0, servedBy: undefined, error: (error as Error).message });
            }
            await sleep(50);
        }
    })();
    return {
        answers,
        async stop() {
            running = false;
            await loop;
        },
    };
}

/** When the first answer from `server` to a request sent after `since` came. */
const firstFrom = (answers: readonly LoadAnswer[], since: number, server: string) =>
    Math.min(...answers.filter((a) => a.at >= since && a.ok && a.servedBy === server).map((a) => a.doneAt));

async function main() {
    // The reloader's shipped poll interval.
    const rig = await ReloadRig.create("0.5");
    try {
        let config: Record<string, unknown> = {};
        const apply = async (change: Record<string, unknown>) => {
            config = { ...config, ...change };
            const published = rig.publish(rig.rendered(config));
            if (published.status !== 0) throw new Error(published.output);
            const appliedAt = Date.now();
            await rig.reloadedTo(published.generation);
            return appliedAt;
        };
        if (rig.publish(rig.rendered(config)).status !== 0) throw new Error("first publication failed");
        await rig.startReloader();
        const load = startLoad(rig.port, 3, 10);
        const onProduction = sessionLoop(rig.port);
        await sleep(500);

        const changesFrom = Date.now();
        await apply({ healthCheck: { intervalMs: 900 } });
        await sleep(500);
        await apply({ adminAllowedSources: ["203.0.113.0/24"] });
        await sleep(500);
        const changesUntil = Date.now();

        const drainAt = await apply({ production: "drain" });
        await sleep(1500);

        const killAt = Date.now();
        await rig.rig.redundancy.kill();
        await sleep(3000);
        await rig.rig.redundancy.start();
        await sleep(2000);
        // A session that starts now, production still drained, lands on redundancy; it must stay there after ready.
        const movedSession = sessionLoop(rig.port);
        await sleep(500);

        const readyAt = await apply({ production: "ready" });
        await sleep(1500);
        const { answers, failed } = await load.stop();
        await onProduction.stop();
        await movedSession.stop();

        const within = (from: number, to: number) => answers.filter((a) => a.at >= from && a.at < to);
        const changeWindow = within(changesFrom, changesUntil);
        const killWindow = within(killAt, killAt + 3000);
        const firstProductionAfterKill = firstFrom(answers, killAt, "production");
        const sessionMovesWhileDrained = onProduction.answers.filter((a) => a.at >= drainAt && a.at < killAt && a.servedBy !== "production").length;
        const movedOnReady = movedSession.answers.filter((a) => a.at >= readyAt && a.servedBy !== "redundancy").length;
        const movedStartedOn = movedSession.answers[0]?.servedBy;
        const report = {
            requests: answers.length + onProduction.answers.length + movedSession.answers.length,
            failed: failed.length + onProduction.answers.filter((a) => !a.ok).length + movedSession.answers.filter((a) => !a.ok).length,
            failedDetail: failed.slice(0, 5).map((a) => `${a.at - changesFrom} ms: ${a.status} ${a.error ?? ""}`),
            configChanges: { requests: changeWindow.length, failed: changeWindow.filter((a) => !a.ok).length },
            drain: {
                newVisitorsOnRedundancyAfterMs: firstFrom(answers, drainAt, "redundancy") - drainAt,
                sessionOnProductionMoved: sessionMovesWhileDrained,
            },
            drainedRedundancyKilled: {
                requests: killWindow.length,
                unavailablePage: killWindow.filter((a) => a.status === 503).length,
                failed: killWindow.filter((a) => !a.ok).length,
                newVisitorsOnProductionAfterMs: firstProductionAfterKill - killAt,
            },
            ready: {
                newVisitorsOnProductionAfterMs: firstFrom(answers, readyAt, "production") - readyAt,
                movedSessionStartedOn: movedStartedOn,
                movedSessionMovedBack: movedOnReady,
            },
            reloads: /^\d+\s+master\s+(\d+)/m.exec(await rig.cli("show proc"))?.[1],
        };
        console.log(JSON.stringify(report, null, 2));
    } finally {
        await rig.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
