/**
 * How soon the documented "failover active" alert condition (components/contract/metrics.ts) holds on the real
 * HAProxy's /metrics after production is killed. Each round starts the default configuration (HAProxy 3.0, two
 * stand-ins on 127.0.0.1), waits a random moment of the health-check cycle, kills production and scrapes /metrics every
 * 25 ms. Target: within the worst-case detection of a killed production plus 1 s.
 * Run: `npm run bench:alarms [-- rounds]` (default 5).
 */
import { parseDeploymentConfig, worstCaseRefusalDetectionMs } from "../components";
import { LOAD_BALANCER_ALERTS } from "../components/contract/metrics";
import { request, sleep } from "../tests/helpers/haproxyHarness";
import { fires, parseExposition } from "../tests/helpers/prometheus";
import { SECRETS } from "../tests/helpers/sampleConfig";
import { SwitchoverRig } from "../tests/helpers/switchoverRig";

const failover = LOAD_BALANCER_ALERTS.find((rule) => rule.alert === "WebAuthorFailoverActive")!;

async function round(): Promise<number> {
    const rig = await SwitchoverRig.create();
    try {
        await rig.restartWith({});
        await sleep(500 + Math.floor(Math.random() * 1000));
        const killedAt = Date.now();
        await rig.production.kill();
        for (;;) {
            const answer = await request(rig.metricsPort, "/metrics", {}, 2000);
            if (fires(failover, parseExposition(answer.body))) return Date.now() - killedAt;
            if (Date.now() - killedAt > 10_000) throw new Error("the failover alert never fired");
            await sleep(25);
        }
    } finally {
        await rig.stop();
    }
}

async function main() {
    const rounds = Number(process.argv[2] ?? 5);
    const config = parseDeploymentConfig({
        values: { ...SECRETS, licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" } },
        secretKeys: new Set(Object.keys(SECRETS)),
    });
    const bound = worstCaseRefusalDetectionMs(config.loadBalancer.healthCheck) + 1000;
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) times.push(await round());
    console.log(JSON.stringify({ boundMs: bound, msToFailoverAlert: times, max: Math.max(...times), withinBound: times.every((t) => t <= bound) }));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
