import { createPrivateKey, X509Certificate } from "node:crypto";

/**
 * Checks a TLS bundle as HAProxy's `crt` loads it: PEM text with the server certificate first, any chain, and the
 * unencrypted private key that belongs to the certificate. Returns what is wrong, or undefined. The answer never
 * quotes the bundle: it holds a private key.
 * @see https://docs.haproxy.org/2.6/configuration.html#5.1-crt
 * @internal
 */
export function pemBundleProblem(bundle: string): string | undefined {
    if (!bundle.includes("-----BEGIN ")) {
        return /^\s*(~|\.{0,2}\/|[A-Za-z]:\\)|\.(pem|crt|key)\s*$/.test(bundle)
            ? "looks like a file path; set the file's content instead: `pulumi config set --secret tlsCertificate < bundle.pem`"
            : "is not a PEM bundle (no -----BEGIN line); give the certificate, its chain and the private key as PEM text";
    }
    const certificates = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    const keys = bundle.match(/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*?-----END ([A-Z]+ )?PRIVATE KEY-----/g) ?? [];
    if (certificates.length === 0) return "has no certificate (-----BEGIN CERTIFICATE-----)";
    if (keys.length !== 1) return `has ${keys.length} private keys; HAProxy needs exactly one, the certificate's`;
    if (/ENCRYPTED/.test(keys[0] as string) || /Proc-Type: 4,ENCRYPTED/.test(bundle)) {
        return "has an encrypted private key; HAProxy cannot ask for its passphrase, so give it unencrypted";
    }
    let certificate: X509Certificate;
    try {
        certificate = new X509Certificate(certificates[0] as string);
    } catch {
        return "has a first certificate that cannot be read (it is not a valid X.509 certificate)";
    }
    try {
        if (!certificate.checkPrivateKey(createPrivateKey(keys[0] as string))) {
            return "has a private key that does not belong to its first certificate (put the server's certificate first)";
        }
    } catch {
        return "has a private key that cannot be read";
    }
    return undefined;
}
