/**
 * A certificate rotation on the Docker load balancer, for real: with `tlsCertificate` set, the PEM is one of the files
 * the config writer (docker/load-balancer/publish-config.sh) publishes, so a new certificate is a new generation and
 * docker/load-balancer/reloader.sh reloads HAProxy (the pinned branch) in place. The configuration and the published
 * files are rendered by the code the program uses (tests/helpers/reloadRig.ts); the certificates are self-signed ones
 * made with openssl for the test. Under HTTPS load (new visitors, and keep-alive clients that keep their connection),
 * certificate A is replaced by B: no request may fail, connections opened before the rotation present A, those opened
 * after it present B, and HAProxy's master process stays the same.
 */
import path from "node:path";
import { HttpsAnswer, httpsGet, KeepAliveAgent, startTlsLoad, TlsLoadAnswer } from "../helpers/loadGenerator";
import { sleep } from "../helpers/haproxyHarness";
import { ReloadRig } from "../helpers/reloadRig";
import { CertificateDir } from "../helpers/tlsCertificates";

jest.setTimeout(30000);

let rig: ReloadRig | undefined;
let certificates: CertificateDir | undefined;
let load: ReturnType<typeof startTlsLoad> | undefined;
afterEach(async () => {
    // A test that failed half-way leaves its load running: stop it first.
    await load?.stop();
    load = undefined;
    await rig?.stop();
    rig = undefined;
    certificates?.remove();
    certificates = undefined;
});

const masterPid = async (r: ReloadRig) => /^(\d+)\s+master/m.exec(await r.cli("show proc"))?.[1];

describe("a certificate rotation on the load balancer", () => {
    it("is a reload in place: under HTTPS load no request fails, connections opened after it present the new certificate", async () => {
        certificates = new CertificateDir();
        const a = certificates.selfSigned("a");
        const b = certificates.selfSigned("b");
        const name = (fingerprint: string | undefined) =>
            fingerprint === a.fingerprint256 ? "A" : fingerprint === b.fingerprint256 ? "B" : `other ${fingerprint}`;
        const certificatesOf = (answers: readonly HttpsAnswer[]) => [...new Set(answers.map((answer) => name(answer.fingerprint)))].sort();
        expect(a.fingerprint256).not.toBe(b.fingerprint256);

        const r = await ReloadRig.create();
        rig = r;
        const withA = r.rendered({}, a.pem);
        // HAProxy reads the PEM through `current`, the generation the writer published last.
        expect(withA["site.pem"]).toBe(a.pem);
        expect(withA["haproxy.cfg"]).toContain(`bind 127.0.0.1:${r.httpsPort} ssl crt ${path.join(r.liveDir, "current", "site.pem")} `);
        expect(r.publish(withA).status).toBe(0);
        await r.startReloader();
        const master = await masterPid(r);
        expect(master).toMatch(/^\d+$/);

        // A keep-alive connection that stays idle across the reload: the old worker must keep it open and answer its
        // next request (then close it), instead of closing it under a client that may be sending on it.
        const idleClient = new KeepAliveAgent();
        const idleFirst = await httpsGet(r.httpsPort, idleClient);
        expect(`${idleFirst.status} ${name(idleFirst.fingerprint)}`).toBe("200 A");

        load = startTlsLoad(r.httpsPort, { newConnections: 3, keepAlive: 3, everyMs: 10 });
        await sleep(800);
        const rotationStarted = Date.now();
        const withB = r.rendered({}, b.pem);
        // The certificate is the only file that changes: the rotation is the certificate's publication alone.
        expect(Object.keys(withB).filter((file) => withB[file] !== withA[file])).toEqual(["site.pem"]);
        const published = r.publish(withB);
        expect(published.status).toBe(0);
        await r.reloadedTo(published.generation);
        const reloaded = Date.now();

        const idleAfter = await httpsGet(r.httpsPort, idleClient);
        const idleNext = await httpsGet(r.httpsPort, idleClient);
        idleClient.destroy();
        await sleep(1200);
        const { answers, failed } = await load.stop();
        load = undefined;

        expect(failed.map((f) => `${f.kind} at ${f.at - rotationStarted} ms (reused ${f.reused}): ${f.status} ${f.error ?? ""}`)).toEqual([]);
        // Every answer came over a connection that presented A or B (a connection opened during the reload: either).
        expect(certificatesOf(answers).filter((certificate) => certificate !== "A" && certificate !== "B")).toEqual([]);
        const ofKind = (kind: TlsLoadAnswer["kind"]) => answers.filter((answer) => answer.kind === kind);
        const opened = (from: number, to: number) => (answer: HttpsAnswer) => answer.connectionOpenedAt! >= from && answer.connectionOpenedAt! < to;
        // New visitors: a connection opened before the rotation presented A; one opened once the new worker ran, B.
        const newBefore = ofKind("new").filter(opened(0, rotationStarted));
        const newAfter = ofKind("new").filter(opened(reloaded, Infinity));
        expect(newBefore.length).toBeGreaterThan(30);
        expect(newAfter.length).toBeGreaterThan(30);
        expect(certificatesOf(newBefore)).toEqual(["A"]);
        expect(certificatesOf(newAfter)).toEqual(["B"]);
        // Keep-alive clients: each connection presented one certificate to all its requests, A if it was opened before
        // the rotation (also when it answered after the reload), B if opened once the new worker ran; and the clients did
        // keep their connections, on the new certificate too (requests after the reload over a reused connection with B).
        const kept = ofKind("keep-alive");
        const byConnection = new Map<number, TlsLoadAnswer[]>();
        for (const answer of kept) byConnection.set(answer.connection!, [...(byConnection.get(answer.connection!) ?? []), answer]);
        expect([...byConnection.values()].filter((requests) => certificatesOf(requests).length !== 1)).toEqual([]);
        expect(certificatesOf(kept.filter(opened(0, rotationStarted)))).toEqual(["A"]);
        expect(certificatesOf(kept.filter(opened(reloaded, Infinity))).filter((certificate) => certificate !== "B")).toEqual([]);
        expect(kept.filter((answer) => answer.at < rotationStarted && answer.reused).length).toBeGreaterThan(30);
        expect(kept.filter((answer) => answer.at >= reloaded && answer.reused && name(answer.fingerprint) === "B").length).toBeGreaterThan(30);
        // The idle connection: answered over the same connection after the reload, with A and `Connection: close`; the
        // client's next request opened a new connection, which presented B.
        expect({ ...idleAfter, reusedConnection: idleAfter.connection === idleFirst.connection, certificate: name(idleAfter.fingerprint) }).toMatchObject({
            status: 200,
            reusedConnection: true,
            certificate: "A",
            connectionHeader: "close",
        });
        expect({ ...idleNext, certificate: name(idleNext.fingerprint) }).toMatchObject({ status: 200, reused: false, certificate: "B" });

        // Reloaded, never restarted: the same master, one reload, and the reloader still runs.
        expect(await masterPid(r)).toBe(master);
        expect(await r.cli("show proc")).toMatch(/^\d+\s+master\s+1 /m);
        expect(r.reloaderRunning).toBe(true);
    });
});
