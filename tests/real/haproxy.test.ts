/**
 * The rendered HAProxy configuration, run by the real HAProxy (Debian package) in front of two stand-in Web
 * Authors on 127.0.0.1. Each test starts its own processes and stops them, whatever happens.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { WEB_AUTHOR_APP_PATH, WEB_AUTHOR_WEBSOCKET_PATH } from "../../components";
import { Answer, APP_ERROR_PATH, CookieClient, request, sleep, waitUntil } from "../helpers/haproxyHarness";
import { Rig, startRig } from "../helpers/failoverRig";

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
        const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "tls-"));
        try {
            execFileSync(
                "openssl",
                [
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=localhost",
                    "-days",
                    "1",
                    "-keyout",
                    path.join(dir, "key.pem"),
                    "-out",
                    path.join(dir, "cert.pem"),
                ],
                { stdio: "ignore" },
            );
            const pem = fs.readFileSync(path.join(dir, "cert.pem"), "utf8") + fs.readFileSync(path.join(dir, "key.pem"), "utf8");
            rig = await startRig({ tlsPem: pem });
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
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
