/**
 * A rolling upgrade of both Web Authors under load, in the order the deployment enforces: redundancy's stand-in is
 * stopped and started again (its "replacement"), and production's is stopped only once redundancy's passes the
 * container health check's condition (contract/rollingOrder.ts: the status path answers twice, STANDBY_SETTLE_SECONDS
 * apart; the earliest moment `pulumi up` may move on), then started again. `-- unsettled`: production is stopped as
 * soon as redundancy answers once (the health check before that rule).
 * The pinned branch's HAProxy (default configuration, reloader and config writer as on Docker) sits in front.
 * Load: 3 new visitors (a fresh connection every 10 ms each) and 5 editing sessions that started on production (a
 * request every 50 ms each). HAProxy's view of both servers is sampled every 50 ms through the master CLI.
 * Reports failed requests, whether both were ever down at once, and how many sessions moved.
 * One run per invocation: `npm run bench:rolling`.
 */
import { STANDBY_SETTLE_SECONDS } from "../components/contract/rollingOrder";
import { CookieClient, request, sleep, waitUntil } from "../tests/helpers/haproxyHarness";
import { LoadAnswer, startLoad } from "../tests/helpers/loadGenerator";
import { ReloadRig } from "../tests/helpers/reloadRig";

const APP = "/oxygen-xml-web-author/app/oxygen.html";
const STATUS = "/oxygen-xml-web-author/rest-public/status";
/** A cold start's stand-in: the time a replaced container takes before it answers. */
const COLD_START_MS = 1500;

async function main() {
    const unsettled = process.argv[2] === "unsettled";
    const rig = await ReloadRig.create("0.5");
    try {
        if (rig.publish(rig.rendered({})).status !== 0) throw new Error("publication failed");
        await rig.startReloader();
        const sessions = Array.from({ length: 5 }, () => new CookieClient(rig.port));
        const sessionAnswers: LoadAnswer[][] = sessions.map(() => []);
        for (const session of sessions) await session.get(APP);
        let running = true;
        const sessionLoops = sessions.map(async (session, i) => {
            while (running) {
                const at = Date.now();
                try {
                    const answer = await session.get(APP);
                    sessionAnswers[i]!.push({ at, doneAt: Date.now(), ok: answer.status === 200, status: answer.status, servedBy: answer.servedBy });
                } catch (error) {
                    sessionAnswers[i]!.push({ at, doneAt: Date.now(), ok: false, status: 0, servedBy: undefined, error: (error as Error).message });
                }
                await sleep(50);
            }
        });
        let bothDownSamples = 0;
        let samples = 0;
        const sampler = (async () => {
            while (running) {
                const state = await rig.cli("@1 show servers state web_authors").catch(() => "");
                const up = (name: string) => new RegExp(`web_authors \\d+ ${name} \\S+ 2 `).test(state);
                if (state.includes("web_authors")) {
                    samples++;
                    if (!up("production") && !up("redundancy")) bothDownSamples++;
                }
                await sleep(50);
            }
        })();
        const load = startLoad(rig.port, 3, 10);
        await sleep(1000);

        const upgrade = async (standIn: typeof rig.rig.production) => {
            await standIn.kill();
            await sleep(COLD_START_MS);
            await standIn.start();
            const answers = async () => (await request(standIn.port, STATUS, {}, 1000)).status === 200;
            await waitUntil(`${standIn.name} to answer its status path`, answers, 5000);
            if (!unsettled) {
                await sleep(STANDBY_SETTLE_SECONDS * 1000);
                if (!(await answers())) throw new Error(`${standIn.name} stopped answering`);
            }
        };
        const started = Date.now();
        await upgrade(rig.rig.redundancy);
        const redundancyBackAfterMs = Date.now() - started;
        await upgrade(rig.rig.production);
        await sleep(4000);
        running = false;
        const { answers, failed } = await load.stop();
        await Promise.all([...sessionLoops, sampler]);

        const moved = sessionAnswers.filter((list) => list.some((a) => a.servedBy === "redundancy")).length;
        const sessionFailures = sessionAnswers.flat().filter((a) => !a.ok).length;
        console.log(
            JSON.stringify({
                requests: answers.length + sessionAnswers.flat().length,
                failed: failed.length + sessionFailures,
                failedDetail: [...failed, ...sessionAnswers.flat().filter((a) => !a.ok)]
                    .slice(0, 5)
                    .map((a) => `${a.at - started} ms: ${a.status} ${a.error ?? ""}`),
                redundancyBackAfterMs,
                haproxySamples: samples,
                bothDownSamples,
                sessionsMovedToRedundancy: `${moved} of ${sessions.length}`,
                newVisitorsOnProductionAtEnd: answers.filter((a) => a.at > Date.now() - 1500).every((a) => a.servedBy === "production"),
            }),
        );
    } finally {
        await rig.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
