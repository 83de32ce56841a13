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
 * Then a TLS round, on a rig of its own with `tlsCertificate` set (two self-signed certificates made with openssl in a
 * temp dir): under HTTPS load (3 new visitors and 3 keep-alive clients, a request every 10 ms each) certificate A is
 * replaced by B, a publication of the PEM alone. Reported: requests, failed, and how soon new connections present B.
 * Times are from the end of the writer's publication to the first answer; they include the reloader's poll (0.5 s).
 * One run per invocation: `npm run bench:reload`.
 */
import { CookieClient, sleep } from "../tests/helpers/haproxyHarness";
import { LoadAnswer, startLoad, startTlsLoad } from "../tests/helpers/loadGenerator";
import { ReloadRig } from "../tests/helpers/reloadRig";
import { CertificateDir } from "../tests/helpers/tlsCertificates";

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

const masterPid = async (rig: ReloadRig) => /^(\d+)\s+master/m.exec(await rig.cli("show proc"))?.[1];

/** The certificate rotation under HTTPS load, with the shipped poll. */
async function tlsRound() {
    const certificates = new CertificateDir();
    const rig = await ReloadRig.create("0.5");
    try {
        const a = certificates.selfSigned("a");
        const b = certificates.selfSigned("b");
        if (rig.publish(rig.rendered({}, a.pem)).status !== 0) throw new Error("first TLS publication failed");
        await rig.startReloader();
        const master = await masterPid(rig);
        const load = startTlsLoad(rig.httpsPort, { newConnections: 3, keepAlive: 3, everyMs: 10 });
        await sleep(1000);
        const published = rig.publish(rig.rendered({}, b.pem));
        if (published.status !== 0) throw new Error(published.output);
        const publishedAt = Date.now();
        await rig.reloadedTo(published.generation);
        await sleep(1500);
        const { answers, failed } = await load.stop();
        const presenting = (kind: string, fingerprint: string) => answers.filter((x) => x.kind === kind && x.ok && x.fingerprint === fingerprint);
        const keepAlive = answers.filter((x) => x.kind === "keep-alive");
        return {
            requests: answers.length,
            failed: failed.length,
            failedDetail: failed.slice(0, 5).map((x) => `${x.at - publishedAt} ms: ${x.kind} ${x.status} ${x.error ?? ""}`),
            keepAliveRequests: keepAlive.length,
            keepAliveOverReusedConnection: keepAlive.filter((x) => x.reused).length,
            newConnectionsOnNewCertificateAfterMs:
                Math.min(
                    ...presenting("new", b.fingerprint256)
                        .filter((x) => x.at >= publishedAt)
                        .map((x) => x.doneAt),
                ) - publishedAt,
            // When the last new connection that still got A was opened: every later one got B.
            lastNewConnectionOnOldCertificateAtMs: Math.max(...presenting("new", a.fingerprint256).map((x) => x.at)) - publishedAt,
            keepAliveOnNewCertificateAfterMs: Math.min(...presenting("keep-alive", b.fingerprint256).map((x) => x.doneAt)) - publishedAt,
            otherCertificates: answers.filter((x) => x.ok && x.fingerprint !== a.fingerprint256 && x.fingerprint !== b.fingerprint256).length,
            sameMaster: (await masterPid(rig)) === master,
            reloads: /^\d+\s+master\s+(\d+)/m.exec(await rig.cli("show proc"))?.[1],
        };
    } finally {
        await rig.stop();
        certificates.remove();
    }
}

/** The configuration changes and the switchover under plain-HTTP load, with the shipped poll. */
async function plainRound() {
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
        return report;
    } finally {
        await rig.stop();
    }
}

async function main() {
    const report = await plainRound();
    console.log(JSON.stringify({ ...report, tlsRotation: await tlsRound() }, null, 2));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
