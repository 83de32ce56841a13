/**
 * A stand-in AWS Systems Manager endpoint on 127.0.0.1, for the readiness gate's provider: it speaks AWS's JSON 1.1
 * protocol (`X-Amz-Target: AmazonSSM.<Operation>`, errors as `__type`), answers each operation from a queue (the last
 * answer repeats) and records every call with the body the AWS SDK sent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SsmCall {
    /** The operation, e.g. `SendCommand`. */
    readonly target: string;
    readonly body: any;
}

/** Answers per operation: an HTTP status and a JSON body, in order. */
export type SsmAnswers = Record<string, Array<[number, object]>>;

export async function standInSsm(answers: SsmAnswers): Promise<{ calls: SsmCall[]; url: string; close: () => Promise<unknown> }> {
    const calls: SsmCall[] = [];
    const server = http.createServer((req, res) => {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSSM\./, "");
            calls.push({ target, body: JSON.parse(text || "{}") });
            const queue = answers[target] ?? [];
            const [status, body] = (queue.length > 1 ? queue.shift() : queue[0]) ?? [400, { __type: "InvalidAction", message: `no answer for ${target}` }];
            res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
