/**
 * The load balancer the stack program registers (its uploaded `haproxy.cfg`, 503 page, Lua verdict and PEM), run by
 * the real HAProxy (the pinned branch) in front of two stand-in Web Authors on 127.0.0.1, moved there by the failover
 * rig, which changes nothing else (checked first). Each test starts its own processes and stops them, whatever happens.
 */
import https from "node:https";
import net from "node:net";
import { WEB_AUTHOR_APP_PATH, WEB_AUTHOR_WEBSOCKET_PATH } from "../../components";
import { Answer, APP_ERROR_PATH, CookieClient, request, sleep, waitUntil } from "../helpers/haproxyHarness";
import { moveOntoLoopback, registeredLoadBalancer, Rig, RigOptions, startRig } from "../helpers/failoverRig";
import { TLS_PEM } from "../helpers/sampleConfig";

const APP = WEB_AUTHOR_APP_PATH;
jest.setTimeout(20000);

let rig: Rig | undefined;
afterEach(async () => {
    await rig?.stop();
    rig = undefined;
});

/** Requests from new visitors every 50 ms until one is answered by `server`; fails on any non-200. Returns ms. */
async function msUntilServedBy(port: number, server: string, limitMs: number): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < limitMs) {
        const answer = await new CookieClient(port).get(APP);
        expect(answer.status).toBe(200);
        if (answer.servedBy === server) return Date.now() - start;
        await sleep(50);
    }
    throw new Error(`no answer from ${server} within ${limitMs} ms`);
}

/** How many times the stand-ins together received the unsafe request `id` (their reports arrive asynchronously). */
async function timesReceived(of: Rig, id: string): Promise<number> {
    const count = () => [...of.production.received, ...of.redundancy.received].filter((seen) => seen === id).length;
    await waitUntil(`a stand-in to report ${id}`, () => count() > 0, 2000);
    await sleep(200);
    return count();
}

describe("the rig's move onto loopback", () => {
    const DIR = "/tmp/rig-root";
    const PLACEMENT = { binds: { http: 20080, https: 20443, metrics: 20404 }, servers: { production: 20001, redundancy: 20002 }, dir: DIR };
    // Where HAProxy reads what the config writer publishes (the `current` generation in the shared volume).
    const CURRENT = "/usr/local/etc/haproxy/live/current";
    const UPLOADED = [`${CURRENT}/503.http`, `${CURRENT}/production-verdict.lua`];
    const SERVER_STATE = "/var/lib/haproxy/server-state";
    const CONFIGS: Array<[string, RigOptions, string[]]> = [
        ["defaults", {}, UPLOADED],
        ["allowed Admin sources", { loadBalancer: { adminAllowedSources: ["127.0.0.1/32", "10.0.0.0/8"] } }, UPLOADED],
        ["TLS", { tlsPem: TLS_PEM }, [...UPLOADED, `${CURRENT}/site.pem`]],
    ];

    it.each(CONFIGS)(
        "%s: changes only the binds, the server addresses, Docker's DNS options and the uploaded files' paths",
        async (_label, options, uploaded) => {
            const registered = await registeredLoadBalancer(options);
            expect(registered.resourceName).toBe("webauthor-load-balancer-config-writer");
            expect(registered.files.map((f) => f.file).sort()).toEqual([...uploaded].sort());
            const { configText, files } = moveOntoLoopback(registered, PLACEMENT);

            // The uploads, byte for byte, each under the directory standing in for the container's file system.
            expect(files).toEqual(Object.fromEntries(registered.files.map((f) => [`${DIR}${f.file}`, f.content])));
            if (options.tlsPem) expect(files[`${DIR}${CURRENT}/site.pem`]).toBe(TLS_PEM);

            // The resolvers section goes, whole: its header, its indented lines, the blank line after it.
            const before = registered.config.split("\n");
            const start = before.indexOf("resolvers dns");
            expect(start).toBeGreaterThan(0);
            let end = start + 1;
            while (/^ {4}\S/.test(before[end]!)) end++;
            expect(before[end]).toBe("");
            const removed = before.splice(start, end + 1 - start);
            expect(removed.slice(1, -1)).toEqual([
                "    nameserver dns1 127.0.0.11:53",
                "    resolve_retries 3",
                "    timeout resolve 1s",
                "    timeout retry 1s",
                "    hold valid 5s",
                "    hold obsolete 5s",
            ]);

            // Every other line maps to one line; each line that changed is of one of the kinds the rig may move, moved as
            // documented, and every line of those kinds changed (nothing of Docker's is left).
            const after = configText.split("\n");
            expect(after).toHaveLength(before.length);
            const movePaths = (line: string) => [...uploaded, SERVER_STATE].reduce((text, file) => text.split(` ${file}`).join(` ${DIR}${file}`), line);
            const changes = before.flatMap((was, i) => (was === after[i] ? [] : [{ was, now: after[i]! }]));
            const kinds = changes.map(({ was, now }) => {
                const metrics = /^ {4}bind \*:8404$/.exec(was);
                if (metrics) {
                    expect(now).toBe(`    bind 127.0.0.1:${PLACEMENT.binds.metrics}`);
                    return "bind metrics";
                }
                const bind = /^ {4}bind \*:(8080|8443)(.*)$/.exec(was);
                if (bind) {
                    const ssl = / ssl /.test(bind[2]!);
                    expect(now).toBe(movePaths(`    bind 127.0.0.1:${ssl ? PLACEMENT.binds.https : PLACEMENT.binds.http}${bind[2]}`));
                    return ssl ? "bind https" : "bind http";
                }
                const server = /^ {4}server (production|redundancy) webauthor-\1-web-author:8080( .*) resolvers dns init-addr last,libc,none$/.exec(was);
                if (server) {
                    expect(now).toBe(`    server ${server[1]} 127.0.0.1:${PLACEMENT.servers[server[1] as "production"]}${server[2]}`);
                    return `server ${server[1]}`;
                }
                expect(now).toBe(movePaths(was));
                return `path: ${was.trim().split(" ")[0]}`;
            });
            expect(kinds.sort()).toEqual(
                [
                    "bind http",
                    "bind metrics",
                    ...(options.tlsPem ? ["bind https"] : []),
                    "server production",
                    "server redundancy",
                    "path: lua-load",
                    "path: server-state-file",
                    "path: errorfile",
                    "path: errorfile",
                ].sort(),
            );
            expect(
                after.filter((line) => /\*:|webauthor-(production|redundancy)|resolvers|(?<!\/tmp\/rig-root)\/(usr\/local\/etc|var\/lib)/.test(line)),
            ).toEqual([]);
        },
    );

    it("refuses what it cannot place rather than guess", async () => {
        const registered = await registeredLoadBalancer();
        expect(() => moveOntoLoopback(registered, { ...PLACEMENT, servers: { production: 20001 } })).toThrow(/no stand-in for server redundancy/);
        const pinned = { ...registered, config: registered.config.replace("bind *:8080", "bind 10.0.0.5:8080") };
        expect(() => moveOntoLoopback(pinned, PLACEMENT)).toThrow(/cannot move a bind on 10\.0\.0\.5:8080/);
    });
});

describe("failover under a real HAProxy", () => {
    it("sends nothing to redundancy while production is healthy", async () => {
        rig = await startRig();
        const session = new CookieClient(rig.port);
        const answers: Answer[] = [];
        for (let i = 0; i < 20; i++) {
            answers.push(await session.get(APP));
            answers.push(await new CookieClient(rig.port).get(APP));
        }
        expect(answers.map((a) => `${a.status} ${a.servedBy}`)).toEqual(answers.map(() => "200 production"));
        expect(session.cookie("WA_SERVER")).toBe("production");
    });

    it("answers from redundancy within 2 s after production is killed, without failing a request", async () => {
        rig = await startRig();
        await rig.production.kill();
        expect(await msUntilServedBy(rig.port, "redundancy", 2000)).toBeLessThanOrEqual(2000);
    });

    it("answers from redundancy within 2 s after production starts answering 503, without failing a request", async () => {
        rig = await startRig();
        await rig.production.fail();
        await sleep(20);
        expect(await msUntilServedBy(rig.port, "redundancy", 2000)).toBeLessThanOrEqual(2000);
    });

    it("moves a session to redundancy, keeps it there after production recovers, and sends new sessions back within 3 s", async () => {
        rig = await startRig();
        const session = new CookieClient(rig.port);
        expect((await session.get(APP)).servedBy).toBe("production");
        await rig.production.fail();
        await sleep(20);
        const moved = await session.get(APP);
        expect(moved.status).toBe(200);
        expect(moved.servedBy).toBe("redundancy");
        expect(session.cookie("WA_SERVER")).toBe("redundancy");

        await rig.production.heal();
        expect(await msUntilServedBy(rig.port, "production", 3000)).toBeLessThanOrEqual(3000);
        for (let i = 0; i < 10; i++) {
            expect((await session.get(APP)).servedBy).toBe("redundancy");
        }
    });

    it("moves nobody for an application error on a healthy production, and answers production's own 503", async () => {
        rig = await startRig();
        const session = new CookieClient(rig.port);
        expect((await session.get(APP)).servedBy).toBe("production");
        await rig.production.toggleApplicationError();
        const answers: Answer[] = [];
        // Longer than the health checks need to mark a failing server down (about 0.5 s after the first error).
        for (const start = Date.now(); Date.now() - start < 2500; await sleep(100)) {
            answers.push(await session.get(APP_ERROR_PATH));
            answers.push(await new CookieClient(rig.port).get(APP));
        }
        const broken = answers.filter((_, i) => i % 2 === 0);
        const visitors = answers.filter((_, i) => i % 2 === 1);
        expect(broken.map((a) => `${a.status} ${a.servedBy}`)).toEqual(broken.map(() => "503 production"));
        expect(broken[0]!.body).toContain("production unavailable");
        expect(visitors.map((a) => `${a.status} ${a.servedBy}`)).toEqual(visitors.map(() => "200 production"));
        expect(session.cookie("WA_SERVER")).toBe("production");
        expect((await session.get(APP)).servedBy).toBe("production");
        expect(rig.haproxy.output).not.toMatch(/production is DOWN/);
    });

    it("holds a request that met production's 503 until production is marked down, then answers from redundancy", async () => {
        rig = await startRig();
        const session = new CookieClient(rig.port);
        expect((await session.get(APP)).servedBy).toBe("production");
        await rig.production.fail();
        // Production is still up in HAProxy's eyes: this request meets its 503, waits for the verdict, lands on redundancy.
        const moved = await session.get(APP);
        expect(`${moved.status} ${moved.servedBy}`).toBe("200 redundancy");
        expect(rig.haproxy.output).toMatch(/GET \/oxygen-xml-web-author\/app\/oxygen\.html HTTP\/1\.1"\n[^]*production is DOWN/);
    });

    it("never sends a POST that production may have received to redundancy, while a GET in flight is answered", async () => {
        rig = await startRig();
        const port = rig.port;
        // Both requests reach production and wait there; production dies before answering either.
        const post = request(port, `${APP}?delayMs=2000`, { "X-Request-Id": "save-1", "Content-Type": "text/plain" }, 8000, undefined, "POST", "edit");
        const get = request(port, `${APP}?delayMs=2000`, {}, 8000);
        await waitUntil("production to receive the POST", () => rig!.production.received.includes("save-1"), 2000);
        await sleep(50);
        await rig.production.kill();
        const [postAnswer, getAnswer] = await Promise.all([post.catch((e: Error) => e), get]);
        expect(postAnswer).toMatchObject({ status: 502 });
        expect(`${getAnswer.status} ${getAnswer.servedBy}`).toBe("200 redundancy");
        expect(rig.redundancy.received).not.toContain("save-1");
        // After the failover, a new save goes to redundancy, once.
        const next = await request(port, APP, { "X-Request-Id": "save-2" }, 5000, undefined, "POST", "edit");
        expect(`${next.status} ${next.servedBy}`).toBe("200 redundancy");
        expect(await timesReceived(rig, "save-2")).toBe(1);
    });

    it("answers a POST that met production's 503 with production's answer, never repeated", async () => {
        rig = await startRig();
        await rig.production.toggleApplicationError();
        const answer = await request(rig.port, APP_ERROR_PATH, { "X-Request-Id": "save-3" }, 5000, undefined, "POST", "edit");
        expect(`${answer.status} ${answer.servedBy}`).toBe("503 production");
        expect(answer.headers.location).toBeUndefined();
        await rig.production.fail();
        const during = await request(rig.port, APP, { "X-Request-Id": "save-4" }, 5000, undefined, "POST", "edit");
        // Production's own 503 (it was still up), or redundancy's answer (already down): never both.
        expect(["503 production", "200 redundancy"]).toContain(`${during.status} ${during.servedBy}`);
        expect(await timesReceived(rig, "save-3")).toBe(1);
        expect(await timesReceived(rig, "save-4")).toBe(1);
    });

    it("shows a clear 503 page when both Web Authors are down", async () => {
        rig = await startRig();
        await Promise.all([rig.production.kill(), rig.redundancy.kill()]);
        const answer = await request(rig.port, APP);
        expect(answer.status).toBe(503);
        expect(answer.body).toContain("Web Author is temporarily unavailable");
        expect(answer.headers["content-type"]).toContain("text/html");
    });

    it("passes a WebSocket upgrade on /ws through to production", async () => {
        rig = await startRig();
        const port = rig.port;
        const reply = await new Promise<string>((resolve, reject) => {
            const socket = net.connect(port, "127.0.0.1", () => {
                socket.write(
                    `GET ${WEB_AUTHOR_WEBSOCKET_PATH} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                );
            });
            let seen = "";
            socket.on("data", (chunk) => {
                seen += chunk.toString();
                if (seen.includes("\r\n\r\n") && !seen.includes("production:ping")) socket.write("ping");
                if (seen.includes("production:ping")) {
                    socket.destroy();
                    resolve(seen);
                }
            });
            socket.on("error", reject);
            setTimeout(() => reject(new Error(`no echo through the tunnel; got: ${seen}`)), 3000);
        });
        expect(reply).toMatch(/^HTTP\/1\.1 101 /);
        expect(reply).toContain("production:ping");
    });
});

describe("access rules", () => {
    it("denies the Admin page through the load balancer by default", async () => {
        rig = await startRig();
        expect((await request(rig.port, "/oxygen-xml-web-author/app/admin.html")).status).toBe(403);
        expect((await request(rig.port, APP)).status).toBe(200);
    });

    it("lets an allowed source reach the Admin page, and only that source", async () => {
        rig = await startRig({ loadBalancer: { adminAllowedSources: ["127.0.0.1/32"] } });
        const answer = await request(rig.port, "/oxygen-xml-web-author/app/admin.html");
        expect(answer.status).toBe(200);
        expect(answer.servedBy).toBe("production");
        // Another loopback source is outside 127.0.0.1/32: denied, while the app itself still answers it.
        expect((await request(rig.port, "/oxygen-xml-web-author/app/admin.html", {}, 5000, "127.0.0.2")).status).toBe(403);
        expect((await request(rig.port, APP, {}, 5000, "127.0.0.2")).status).toBe(200);
    });

    it("terminates TLS with the user's certificate and redirects HTTP to HTTPS", async () => {
        rig = await startRig({ tlsPem: TLS_PEM });
        const plain = await request(rig.port, APP);
        expect(plain.status).toBe(301);
        expect(plain.headers.location).toMatch(new RegExp(`^https://[^/]+${APP.replace(/\./g, "\\.")}$`));
        const httpsPort = rig.httpsPort as number;
        const secure = await new Promise<{ status: number; servedBy: string; cookie: string }>((resolve, reject) => {
            https
                .get({ host: "127.0.0.1", port: httpsPort, path: APP, rejectUnauthorized: false, agent: false }, (res) => {
                    res.resume();
                    resolve({ status: res.statusCode ?? 0, servedBy: String(res.headers["x-served-by"]), cookie: String(res.headers["set-cookie"]) });
                })
                .on("error", reject);
        });
        expect(secure).toMatchObject({ status: 200, servedBy: "production" });
        expect(secure.cookie).toMatch(/WA_SERVER=production;.*[Ss]ecure/);
    });
});
