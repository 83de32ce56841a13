/**
 * Kills production again and again under concurrent load and counts the requests that fail. Each round starts the
 * load balancer the stack program registers (defaults; the failover rig moves it onto loopback) in front of two
 * stand-ins on 127.0.0.1, runs `clients` concurrent visitors (a new cookie jar per request, a request every 10 ms
 * each), kills production at a random moment of the health-check cycle, and keeps the load on for 2.5 s. Then one frozen round per client count: there, the request each
 * client has in flight on the frozen production is cut when production is marked down (one failure per client at most).
 * Run: `npm run bench:kills [-- rounds clients]` (default 20 rounds, 3 clients).
 */
import { startRig } from "../tests/helpers/failoverRig";
import { CookieClient, sleep } from "../tests/helpers/haproxyHarness";

const APP = "/oxygen-xml-web-author/app/oxygen.html";

async function round(fault: "killed" | "frozen", clients: number) {
    const rig = await startRig();
    try {
        const { production, port } = rig;
        let running = true;
        const samples: Array<{ ok: boolean; at: number; servedBy?: string }> = [];
        const visitor = async () => {
            while (running) {
                try {
                    const answer = await new CookieClient(port, 10000).get(APP);
                    samples.push({ ok: answer.status === 200, at: Date.now(), servedBy: answer.servedBy });
                } catch {
                    samples.push({ ok: false, at: Date.now() });
                }
                await sleep(10);
            }
        };
        const load = Array.from({ length: clients }, visitor);
        // A random moment of the 1 s health-check cycle: the failover time depends on it.
        await sleep(1000 + Math.floor(Math.random() * 1000));
        const faultAt = Date.now();
        if (fault === "killed") await production.kill();
        else production.freeze();
        await sleep(fault === "killed" ? 2500 : 6000);
        if (fault === "frozen") production.thaw();
        running = false;
        await Promise.all(load);
        const first = samples.filter((s) => s.ok && s.servedBy === "redundancy" && s.at >= faultAt).sort((a, b) => a.at - b.at)[0];
        return { requests: samples.length, failed: samples.filter((s) => !s.ok).length, firstMs: first ? first.at - faultAt : Number.NaN };
    } finally {
        await rig.stop();
    }
}

async function main() {
    const rounds = Number(process.argv[2] ?? 20);
    const clients = Number(process.argv[3] ?? 3);
    const kills = [];
    for (let i = 0; i < rounds; i++) kills.push(await round("killed", clients));
    const frozen = await round("frozen", clients);
    const firsts = kills.map((k) => k.firstMs).sort((a, b) => a - b);
    const lossy = kills.filter((k) => k.failed > 0).length;
    console.log(
        `killed, ${rounds} rounds, ${clients} concurrent clients: ${lossy} round(s) lost requests (failed per round: ${kills.map((k) => k.failed).join(",")})`,
    );
    console.log(
        `  fault → first answer from redundancy: min ${firsts[0]} ms, median ${firsts[Math.floor(firsts.length / 2)]} ms, max ${firsts[firsts.length - 1]} ms`,
    );
    console.log(`frozen, 1 round: ${frozen.failed} failed of ${frozen.requests}; first answer from redundancy after ${frozen.firstMs} ms`);
    process.exitCode = lossy === 0 && frozen.failed <= clients ? 0 : 1;
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
});
