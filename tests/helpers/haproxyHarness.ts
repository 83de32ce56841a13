/**
 * Runs real processes on 127.0.0.1 for the HAProxy tests and the failover benchmark: the pinned branch's HAProxy
 * with a rendered configuration, and stand-in Web Authors (tests/fixtures/stand-in-web-author.mjs) whose faults
 * (killed, frozen, answering 503) are injected with signals. Every process started here is tracked and stopped by
 * {@link ProcessGroup.stopAll}.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { HAPROXY_BIN } from "./haproxyBinary";

const STAND_IN_SCRIPT = path.join(__dirname, "..", "fixtures", "stand-in-web-author.mjs");
/** Where a stand-in with an application error answers 503 (see the stand-in's header). */
export const APP_ERROR_PATH = "/oxygen-xml-web-author/rest/broken";

/**
 * Ports for the tests' listeners come from below Linux's ephemeral range (32768-60999 by default), so that no
 * outgoing connection of a concurrent test (they make thousands) can take a port between our check and the bind;
 * and each Jest worker (and the benchmarks, worker 1) has its own block of 2000, so workers never pick the same one.
 */
const PORT_BLOCK = 2000;
const FIRST_PORT = 20000 + ((Number(process.env.JEST_WORKER_ID ?? 1) - 1) % 6) * PORT_BLOCK;
let nextPortOffset = process.pid % PORT_BLOCK;

function canListen(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.once("error", () => resolve(false));
        server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
}

/** A port that is free on 127.0.0.1 and that no other test or outgoing connection will take first. */
export async function freePort(): Promise<number> {
    for (let tries = 0; tries < PORT_BLOCK; tries++) {
        const port = FIRST_PORT + (nextPortOffset++ % PORT_BLOCK);
        if (await canListen(port)) return port;
    }
    throw new Error(`no free port in ${FIRST_PORT}-${FIRST_PORT + PORT_BLOCK - 1}`);
}

/** One free 127.0.0.1 port per name. */
export async function freePorts<K extends string>(...names: K[]): Promise<Record<K, number>> {
    const ports = {} as Record<K, number>;
    for (const name of names) ports[name] = await freePort();
    return ports;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true; throws after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await check()) return;
        await sleep(everyMs);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, label: string): Promise<void> {
    return new Promise((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
        const onData = (chunk: Buffer) => {
            seen += chunk.toString();
            if (pattern.test(seen)) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`${label} exited with ${code}; output:\n${seen}`));
        });
    });
}

/** Tracks the processes of one test or benchmark run so none outlives it. */
export class ProcessGroup {
    private readonly children = new Set<ChildProcess>();
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "wa-ha-"));

    track(child: ChildProcess): ChildProcess {
        this.children.add(child);
        child.once("exit", () => this.children.delete(child));
        return child;
    }

    async stopAll(): Promise<void> {
        const exits = [...this.children].map(
            (child) =>
                new Promise<void>((resolve) => {
                    if (child.exitCode !== null || child.signalCode !== null) return resolve();
                    child.once("exit", () => resolve());
                    child.kill("SIGCONT");
                    child.kill("SIGKILL");
                }),
        );
        await Promise.all(exits);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** One stand-in Web Author process. */
export class StandIn {
    private child: ChildProcess | undefined;
    /** `X-Request-Id`s of the unsafe requests (POST, PUT, …) this stand-in received, over all its starts. */
    readonly received: string[] = [];

    constructor(
        private readonly group: ProcessGroup,
        readonly name: string,
        readonly port: number,
    ) {}

    async start(): Promise<void> {
        const child = spawn(process.execPath, [STAND_IN_SCRIPT, this.name, String(this.port)], { stdio: ["ignore", "pipe", "pipe"] });
        this.child = this.group.track(child);
        let pending = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            pending += chunk.toString();
            const lines = pending.split("\n");
            pending = lines.pop() ?? "";
            for (const line of lines) {
                const match = /^received \S+ (.*)$/.exec(line);
                if (match) this.received.push(match[1]!);
            }
        });
        await waitForLine(child, /^ready /m, 5000, `stand-in ${this.name}`);
    }

    /** Toggles an application error: 503 on one path (APP_ERROR_PATH), 200 on the status path and everywhere else. */
    async toggleApplicationError(): Promise<void> {
        this.child?.kill("SIGHUP");
        await waitUntil(
            `stand-in ${this.name} to switch its application error`,
            async () => (await request(this.port, APP_ERROR_PATH, {}, 1000)).status !== this.lastAppErrorStatus,
            2000,
            5,
        );
        this.lastAppErrorStatus = this.lastAppErrorStatus === 200 ? 503 : 200;
    }

    private lastAppErrorStatus = 200;

    /** SIGKILL: the process is gone, connections are refused. */
    async kill(): Promise<void> {
        const child = this.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
        });
    }

    /** SIGSTOP: the kernel still accepts connections, nothing answers. */
    freeze(): void {
        this.child?.kill("SIGSTOP");
    }

    thaw(): void {
        this.child?.kill("SIGCONT");
    }

    /** Answer 503 on every path, the health path included. Resolves once the stand-in itself answers 503. */
    async fail(): Promise<void> {
        this.child?.kill("SIGUSR1");
        await this.waitForOwnStatus(503);
    }

    /** Answer 200 again. Resolves once the stand-in itself answers 200. */
    async heal(): Promise<void> {
        this.child?.kill("SIGUSR2");
        await this.waitForOwnStatus(200);
    }

    /** Signals arrive asynchronously: ask the stand-in directly (not through HAProxy) until it has switched. */
    private async waitForOwnStatus(status: number): Promise<void> {
        await waitUntil(`stand-in ${this.name} to answer ${status}`, async () => (await request(this.port, "/", {}, 1000)).status === status, 2000, 5);
    }
}

/** A real HAProxy running a rendered configuration. */
export class HaproxyProcess {
    private child: ChildProcess | undefined;
    /** What HAProxy printed (its log goes to stdout), for a failing test's message. */
    output = "";

    constructor(
        private readonly group: ProcessGroup,
        readonly configText: string,
        readonly files: Readonly<Record<string, string>> = {},
    ) {}

    /** Writes the config and the files it names, checks it with `haproxy -c`, starts it and waits for `port`. */
    async start(port: number): Promise<void> {
        for (const [file, content] of Object.entries(this.files)) {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, content);
        }
        const configPath = path.join(this.group.dir, "haproxy.cfg");
        fs.writeFileSync(configPath, this.configText);
        const check = spawnSync(HAPROXY_BIN, ["-c", "-f", configPath], { encoding: "utf8" });
        if (check.status !== 0) {
            throw new Error(`haproxy -c rejected the rendered config:\n${check.stdout}${check.stderr}`);
        }
        const child = spawn(HAPROXY_BIN, ["-db", "-f", configPath], { stdio: ["ignore", "pipe", "pipe"] });
        this.child = this.group.track(child);
        const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20000));
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
        await waitUntil("haproxy to listen", () => canConnect(port), 5000);
    }

    async stop(): Promise<void> {
        const child = this.child;
        if (!child || child.exitCode !== null) return;
        await new Promise<void>((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
        });
    }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

export interface Answer {
    readonly status: number;
    /** Which stand-in answered (`X-Served-By`), or undefined for HAProxy's own answers. */
    readonly servedBy: string | undefined;
    readonly body: string;
    readonly headers: http.IncomingHttpHeaders;
}

/** A client that keeps the cookies it is given, like one browser tab holding an editing session. */
export class CookieClient {
    private readonly jar = new Map<string, string>();

    constructor(
        private readonly port: number,
        private readonly timeoutMs = 5000,
    ) {}

    cookie(name: string): string | undefined {
        return this.jar.get(name);
    }

    /** GET, following up to 5 same-origin 301/302/303/307/308 redirects as a browser does. */
    async get(pathname: string, headers: Record<string, string> = {}): Promise<Answer> {
        let target = pathname;
        for (let hop = 0; hop <= 5; hop++) {
            const answer = await this.getOnce(target, headers);
            const location = answer.headers.location;
            if (![301, 302, 303, 307, 308].includes(answer.status) || location === undefined) return answer;
            target = new URL(location, `http://127.0.0.1:${this.port}`).pathname;
        }
        throw new Error(`more than 5 redirects for ${pathname}`);
    }

    private async getOnce(pathname: string, headers: Record<string, string>): Promise<Answer> {
        const cookieHeader = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
        const answer = await request(this.port, pathname, cookieHeader ? { ...headers, Cookie: cookieHeader } : headers, this.timeoutMs);
        for (const line of answer.headers["set-cookie"] ?? []) {
            const [pair] = line.split(";");
            const eq = (pair ?? "").indexOf("=");
            if (eq > 0) this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
        }
        return answer;
    }
}

/**
 * One GET on a fresh connection to 127.0.0.1:`port`. Rejects on a network error or after `timeoutMs`.
 * `fromAddress` picks the client's source address (any of 127.0.0.0/8 works on Linux loopback).
 */
export function request(
    port: number,
    pathname: string,
    headers: Record<string, string> = {},
    timeoutMs = 5000,
    fromAddress?: string,
    method = "GET",
    body?: string,
): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const options = { host: "127.0.0.1", port, path: pathname, method, headers, agent: false, timeout: timeoutMs, localAddress: fromAddress };
        const req = http.request(options, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () =>
                resolve({ status: res.statusCode ?? 0, servedBy: res.headers["x-served-by"] as string | undefined, body, headers: res.headers }),
            );
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", reject);
        req.end(body);
    });
}
