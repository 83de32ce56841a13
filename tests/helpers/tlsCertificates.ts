/**
 * Self-signed certificates for the TLS tests and benchmarks, made with `openssl` in a temp dir of their own: each is
 * a PEM bundle as a user sets it in `tlsCertificate` (the certificate, then its unencrypted key) and the SHA-256
 * fingerprint `openssl` reads from the certificate, in the form Node's `getPeerCertificate().fingerprint256` gives.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SelfSignedCertificate {
    /** The `tlsCertificate` value: certificate and key. */
    readonly pem: string;
    /** `AB:CD:…`, upper case. */
    readonly fingerprint256: string;
}

function openssl(args: string[]): string {
    const result = spawnSync("openssl", args, { encoding: "utf8" });
    if (result.error) throw new Error(`openssl is needed for the TLS tests: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${result.stderr}`);
    return result.stdout;
}

export class CertificateDir {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "wa-ha-tls-"));

    /** A new EC key and a self-signed certificate for `localhost`, valid for a day. */
    selfSigned(name: string): SelfSignedCertificate {
        const key = path.join(this.dir, `${name}.key`);
        const certificate = path.join(this.dir, `${name}.crt`);
        openssl([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            `/CN=localhost/O=${name}`,
            "-days",
            "1",
            "-keyout",
            key,
            "-out",
            certificate,
        ]);
        // `sha256 Fingerprint=AB:CD:…` (OpenSSL 3; `SHA256 Fingerprint=` before).
        const fingerprint = /Fingerprint=([0-9A-F:]+)/i.exec(openssl(["x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"]))?.[1];
        if (fingerprint === undefined) throw new Error(`no fingerprint for ${certificate}`);
        return { pem: fs.readFileSync(certificate, "utf8") + fs.readFileSync(key, "utf8"), fingerprint256: fingerprint.toUpperCase() };
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
