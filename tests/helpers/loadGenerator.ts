/**
 * Steady load on the load balancer for the reload tests and benchmarks: each client sends a GET on a fresh connection
 * every `everyMs`, as a new visitor (no cookie), and records what answered. A request fails when the connection fails
 * or the answer is not 200. {@link startTlsLoad} does the same over HTTPS, with keep-alive clients beside them, and
 * records the certificate each connection was given.
 */
import https from "node:https";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { WEB_AUTHOR_APP_PATH } from "../../components";
import { request, sleep } from "./haproxyHarness";

export interface LoadAnswer {
    /** When the request was sent, and when its answer (or error) came. */
    readonly at: number;
    readonly doneAt: number;
    readonly ok: boolean;
    readonly status: number;
    readonly servedBy: string | undefined;
    readonly error?: string;
}

export interface LoadResult {
    readonly answers: readonly LoadAnswer[];
    readonly failed: readonly LoadAnswer[];
}

export function startLoad(port: number, clients = 3, everyMs = 20): { stop(): Promise<LoadResult> } {
    let running = true;
    const answers: LoadAnswer[] = [];
    const client = async () => {
        while (running) {
            const at = Date.now();
            try {
                const answer = await request(port, WEB_AUTHOR_APP_PATH, {}, 5000);
                answers.push({ at, doneAt: Date.now(), ok: answer.status === 200, status: answer.status, servedBy: answer.servedBy });
            } catch (error) {
                answers.push({ at, doneAt: Date.now(), ok: false, status: 0, servedBy: undefined, error: (error as Error).message });
            }
            await sleep(everyMs);
        }
    };
    const loops = Array.from({ length: clients }, client);
    return {
        async stop() {
            running = false;
            await Promise.all(loops);
            return { answers, failed: answers.filter((a) => !a.ok) };
        },
    };
}

/** An HTTPS answer, with the connection it came over. */
export interface HttpsAnswer {
    /** When the request was sent, and when its answer (or error) came. */
    readonly at: number;
    readonly doneAt: number;
    readonly ok: boolean;
    /** 0 when no answer came. */
    readonly status: number;
    readonly servedBy: string | undefined;
    /** The answer's `Connection` header (`close` when the load balancer closes the connection after it). */
    readonly connectionHeader: string | undefined;
    readonly error?: string;
    /** The connection the request went over (numbered in the order they were opened), if it got one. */
    readonly connection: number | undefined;
    /** When the request that opened that connection was sent: its TLS handshake came after. */
    readonly connectionOpenedAt: number | undefined;
    /** Whether the connection had carried an earlier request. */
    readonly reused: boolean;
    /** The SHA-256 fingerprint (`AB:CD:…`) of the certificate the load balancer presented on that connection. */
    readonly fingerprint: string | undefined;
}

/**
 * A keep-alive client's connection pool: one connection, kept open between requests until the load balancer closes it.
 * - Node's agent would drop it after each answer: the stand-ins' `Keep-Alive: timeout=1` (their own idle timeout)
 *   passes through HAProxy, and Node does not reuse a connection whose announced timeout is 1 s or less. The client
 *   talks to HAProxy, whose idle timeout is its own (`timeout http-request`, 10 s), so the hint is ignored here.
 * - No TLS session cache: every connection makes a full handshake, so each reports the certificate it was given (a
 *   resumed session carries none).
 */
export class KeepAliveAgent extends https.Agent {
    constructor() {
        super({ keepAlive: true, maxSockets: 1, maxCachedSessions: 0 });
    }

    override keepSocketAlive(socket: Socket): boolean {
        socket.setKeepAlive(true, 1000);
        socket.unref();
        return true;
    }
}

let connectionsOpened = 0;
const connectionOpened = new WeakMap<Socket, { id: number; at: number }>();

/**
 * One GET of the app over HTTPS to 127.0.0.1:`port`: on a fresh connection (`agent` false) or on `agent`'s connection.
 * Any certificate is accepted (the tests compare fingerprints instead). Never rejects: a failure is an answer with
 * `ok` false, and a request is never repeated.
 */
export function httpsGet(port: number, agent: https.Agent | false, timeoutMs = 5000): Promise<HttpsAnswer> {
    return new Promise((resolve) => {
        const at = Date.now();
        let connection: { id: number; at: number } | undefined;
        let reused = false;
        let fingerprint: string | undefined;
        let finished = false;
        const done = (answer: { ok: boolean; status: number; servedBy?: string; connectionHeader?: string; error?: string }) => {
            if (finished) return;
            finished = true;
            resolve({
                at,
                doneAt: Date.now(),
                servedBy: undefined,
                connectionHeader: undefined,
                ...answer,
                connection: connection?.id,
                connectionOpenedAt: connection?.at,
                reused,
                fingerprint,
            });
        };
        const req = https.request({ host: "127.0.0.1", port, path: WEB_AUTHOR_APP_PATH, agent, rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
            fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
            const status = res.statusCode ?? 0;
            res.resume();
            res.on("end", () =>
                done({ ok: status === 200, status, servedBy: res.headers["x-served-by"] as string | undefined, connectionHeader: res.headers.connection }),
            );
            res.on("error", (error) => done({ ok: false, status, error: error.message }));
        });
        req.on("socket", (socket) => {
            reused = connectionOpened.has(socket);
            if (!reused) connectionOpened.set(socket, { id: ++connectionsOpened, at });
            connection = connectionOpened.get(socket);
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", (error) => done({ ok: false, status: 0, error: `${(error as NodeJS.ErrnoException).code ?? ""} ${error.message}`.trim() }));
        req.end();
    });
}

export interface TlsLoadAnswer extends HttpsAnswer {
    /** `new`: a client that opens a fresh connection for each request; `keep-alive`: one that keeps its connection. */
    readonly kind: "new" | "keep-alive";
}

export interface TlsLoadOptions {
    /** Clients that open a new connection for each request (new visitors). Default 3. */
    readonly newConnections?: number;
    /** Clients that send each request over the connection they keep open ({@link KeepAliveAgent}). Default 3. */
    readonly keepAlive?: number;
    /** Pause between a client's requests, in ms. Default 10. */
    readonly everyMs?: number;
}

/**
 * HTTPS load on 127.0.0.1:`port`: new visitors and keep-alive clients, each sending a GET every `everyMs`. A
 * keep-alive client opens a new connection only when the load balancer has closed its last one.
 */
export function startTlsLoad(
    port: number,
    options: TlsLoadOptions = {},
): { stop(): Promise<{ answers: readonly TlsLoadAnswer[]; failed: readonly TlsLoadAnswer[] }> } {
    const { newConnections = 3, keepAlive = 3, everyMs = 10 } = options;
    let running = true;
    const answers: TlsLoadAnswer[] = [];
    const client = async (kind: TlsLoadAnswer["kind"]) => {
        const agent = kind === "keep-alive" ? new KeepAliveAgent() : false;
        while (running) {
            answers.push({ ...(await httpsGet(port, agent)), kind });
            await sleep(everyMs);
        }
        if (agent) agent.destroy();
    };
    const loops = [...Array.from({ length: newConnections }, () => client("new")), ...Array.from({ length: keepAlive }, () => client("keep-alive"))];
    return {
        async stop() {
            running = false;
            await Promise.all(loops);
            return { answers, failed: answers.filter((a) => !a.ok) };
        },
    };
}
