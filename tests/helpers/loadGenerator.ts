/**
 * Steady load on the load balancer for the reload tests and benchmarks: each client sends a GET on a fresh connection
 * every `everyMs`, as a new visitor (no cookie), and records what answered. A request fails when the connection fails
 * or the answer is not 200.
 */
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
