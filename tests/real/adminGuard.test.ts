/**
 * The Admin guard against a real Tomcat: Debian's `tomcat10` serving a stand-in `oxygen-xml-web-author` webapp,
 * behind the load balancer the stack program registers (its uploaded `haproxy.cfg` and files, moved onto loopback by
 * the failover rig, production and redundancy both pointing at that Tomcat). Tomcat is asked first which spellings of
 * the Admin page's path it serves as the Admin page; the expectations through the load balancer come from those
 * answers, not from a hand-written list.
 * 127.0.0.1 is the allowed source (`127.0.0.1/32`), 127.0.0.2 a source that is not allowed.
 */
import { adminSpellings, EDITOR_PATHS } from "../helpers/adminSpellings";
import { moveOntoLoopback, registeredLoadBalancer } from "../helpers/failoverRig";
import { freePort, HaproxyProcess, ProcessGroup } from "../helpers/haproxyHarness";
import { RawAnswer, rawGet, STAND_IN_BODIES, TomcatStandIn } from "../helpers/tomcatStandIn";

jest.setTimeout(60000);

const ALLOWED = "127.0.0.1";
const NOT_ALLOWED = "127.0.0.2";
const SPELLINGS = adminSpellings();

/** One group per process that writes files: HaproxyProcess writes `haproxy.cfg` into its group's directory. */
const groups: ProcessGroup[] = [];
let tomcat: TomcatStandIn;
/** HAProxy with `adminAllowedSources: ["127.0.0.1/32"]`, and with the default (nobody allowed). */
let guarded: number;
let closed: number;
/** The spellings Tomcat itself answers with the Admin page. */
let servedAsAdmin: string[];

/** The load balancer the stack program registers with this `loadBalancer` config, both servers moved to Tomcat. */
async function startHaproxy(loadBalancer: Record<string, unknown>): Promise<number> {
    const registered = await registeredLoadBalancer({ loadBalancer });
    const ports = { http: await freePort(), https: await freePort(), metrics: await freePort() };
    const group = new ProcessGroup();
    groups.push(group);
    const loopback = moveOntoLoopback(registered, { binds: ports, servers: { production: tomcat.port, redundancy: tomcat.port }, dir: group.dir });
    await new HaproxyProcess(group, loopback.configText, loopback.files).start(ports.http);
    return ports.http;
}

/** Runs `ask` over `items`, a few at a time (a bounded number of connections, done in well under a second). */
async function mapLimited<T, R>(items: readonly T[], ask: (item: T) => Promise<R>, limit = 8): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
        Array.from({ length: limit }, async () => {
            while (next < items.length) {
                const index = next++;
                results[index] = await ask(items[index]!);
            }
        }),
    );
    return results;
}

const isAdmin = (answer: RawAnswer) => answer.status === 200 && answer.body.includes(STAND_IN_BODIES.admin);
const describeAnswers = (targets: readonly string[], answers: readonly RawAnswer[]) => targets.map((target, i) => `${answers[i]!.status} ${target}`);

beforeAll(async () => {
    const tomcatGroup = new ProcessGroup();
    groups.push(tomcatGroup);
    tomcat = await TomcatStandIn.start(tomcatGroup);
    [guarded, closed] = await Promise.all([startHaproxy({ adminAllowedSources: [`${ALLOWED}/32`] }), startHaproxy({})]);
    const direct = await mapLimited(SPELLINGS, (target) => rawGet(tomcat.port, target));
    servedAsAdmin = SPELLINGS.filter((_, i) => isAdmin(direct[i]!));
}, 60000);

afterAll(async () => {
    await Promise.all(groups.map((group) => group.stopAll()));
});

describe("the Admin guard in front of a real Tomcat", () => {
    it("has a battery in which Tomcat serves many spellings as the Admin page, and refuses the rest", () => {
        // If Tomcat's mapping changed (or the stand-in broke) the battery would prove nothing: pin its known answers.
        expect(servedAsAdmin).toEqual(
            expect.arrayContaining([
                "/oxygen-xml-web-author/app/admin.html",
                "/oxygen-xml-web-author/app/%61dmin.html",
                "/oxygen-xml-web-author/app;x=1/admin.html",
                "/oxygen-xml-web-author//app/admin.html",
                "/oxygen-xml-web-author/x/../app/admin.html",
                "/oxygen-xml-web-author/app/admin%2ehtml",
            ]),
        );
        expect(servedAsAdmin).not.toContain("/oxygen-xml-web-author/app/ADMIN.html");
        expect(servedAsAdmin.length).toBeGreaterThan(40);
    });

    it("answers 403 to a source that is not allowed for every spelling Tomcat serves as the Admin page, and never shows it", async () => {
        const answers = await mapLimited(SPELLINGS, (target) => rawGet(guarded, target, NOT_ALLOWED));
        const leaked = SPELLINGS.filter((_, i) => isAdmin(answers[i]!));
        expect(leaked).toEqual([]);
        const adminAnswers = describeAnswers(servedAsAdmin, await mapLimited(servedAsAdmin, (target) => rawGet(guarded, target, NOT_ALLOWED)));
        expect(adminAnswers).toEqual(servedAsAdmin.map((target) => `403 ${target}`));
    });

    it("serves the Admin page to an allowed source under every spelling Tomcat serves it", async () => {
        const answers = await mapLimited(servedAsAdmin, (target) => rawGet(guarded, target, ALLOWED));
        expect(servedAsAdmin.filter((_, i) => !isAdmin(answers[i]!))).toEqual([]);
    });

    it("answers 403 to every source for every such spelling when no source is allowed (the default)", async () => {
        const answers = await mapLimited(servedAsAdmin, (target) => rawGet(closed, target, ALLOWED));
        expect(describeAnswers(servedAsAdmin, answers)).toEqual(servedAsAdmin.map((target) => `403 ${target}`));
    });

    it("denies case variants of the Admin path too, though Tomcat on Linux does not serve them", async () => {
        const upper = "/oxygen-xml-web-author/app/ADMIN.html";
        expect((await rawGet(tomcat.port, upper)).status).toBe(404);
        expect((await rawGet(guarded, upper, NOT_ALLOWED)).status).toBe(403);
    });

    it("leaves ordinary editor paths untouched for every source", async () => {
        const direct = await mapLimited(EDITOR_PATHS, (target) => rawGet(tomcat.port, target));
        expect(direct.map((answer) => answer.status)).toEqual(EDITOR_PATHS.map(() => 200));
        for (const [port, from] of [
            [guarded, ALLOWED],
            [guarded, NOT_ALLOWED],
            [closed, ALLOWED],
        ] as const) {
            const answers = await mapLimited(EDITOR_PATHS, (target) => rawGet(port, target, from));
            expect(describeAnswers(EDITOR_PATHS, answers)).toEqual(describeAnswers(EDITOR_PATHS, direct));
            // The same file's body, i.e. the path reached Tomcat as sent.
            answers.forEach((answer, i) => expect(answer.body.split("\r\n\r\n")[1]).toBe(direct[i]!.body.split("\r\n\r\n")[1]));
        }
    });
});
