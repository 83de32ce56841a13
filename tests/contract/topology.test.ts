import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
    haproxyInputFor,
    licenseKeyFor,
    parseDeploymentConfig,
    planTopology,
    renderHaproxyConfig,
    worstCaseDetectionMs,
    worstCaseRefusalDetectionMs,
    connectionRetries,
} from "../../components";
import { SECRETS, sampleValues, TLS_PEM } from "../helpers/sampleConfig";

const parse = (values: Record<string, unknown>) => parseDeploymentConfig({ values, secretKeys: new Set([...Object.keys(SECRETS), "tlsCertificate"]) });

describe("the topology plan (pure, no mocks)", () => {
    const config = parse(sampleValues());
    const plan = planTopology(config, "wa");

    it("gives every Web Author the same main (production) and backup (redundancy) license server", () => {
        const { production, redundancy } = plan.environments;
        expect(production.webAuthor.licensing).toEqual(redundancy.webAuthor.licensing);
        expect(production.webAuthor.licensing.mainUrl).toBe(production.licenseServer.url);
        expect(production.webAuthor.licensing.backupUrl).toBe(redundancy.licenseServer.url);
    });

    it("binds each key to its own environment", () => {
        expect(licenseKeyFor(config, "production").reveal()).toBe(SECRETS.productionLicenseKey);
        expect(licenseKeyFor(config, "redundancy").reveal()).toBe(SECRETS.redundancyLicenseKey);
        expect(String(licenseKeyFor(config, "production"))).toBe("[secret]");
        expect(JSON.stringify({ key: licenseKeyFor(config, "production") })).toBe('{"key":"[secret]"}');
    });

    it("uses external license servers as given, in the same main/backup order", () => {
        const external = parse({
            ...sampleValues(),
            licenseServer: { mode: "external" },
            production: { licenseServerUrl: "http://ls-a:8080/oXygenLicenseServlet/license-servlet" },
            redundancy: { licenseServerUrl: "http://ls-b:8080/oXygenLicenseServlet/license-servlet" },
        });
        const licensing = planTopology(external, "wa").environments.redundancy.webAuthor.licensing;
        expect(licensing.mainUrl).toBe("http://ls-a:8080/oXygenLicenseServlet/license-servlet");
        expect(licensing.backupUrl).toBe("http://ls-b:8080/oXygenLicenseServlet/license-servlet");
    });

    it("states the worst-case detection time of a frozen production for the defaults", () => {
        expect(worstCaseDetectionMs(config.loadBalancer.healthCheck)).toBe(2850);
    });
});

describe("rendered haproxy.cfg", () => {
    it("retries a request long enough to outlast the detection of a killed production", () => {
        const config = parse(sampleValues());
        const plan = planTopology(config, "wa");
        const hc = config.loadBalancer.healthCheck;
        expect(worstCaseRefusalDetectionMs(hc)).toBe(1000 + 250);
        // 500 ms between retries: 1250 ms of detection needs 3 retries; two more for margin.
        expect(connectionRetries(hc, config.loadBalancer.connectTimeoutMs)).toBe(5);
        expect(connectionRetries({ ...hc, intervalMs: 2000 }, 500)).toBe(Math.ceil((2000 + 500) / 500) + 2);
        // Slow health checks: requests give up after 20 retries instead of waiting for them.
        expect(connectionRetries({ ...hc, intervalMs: 10000 }, 500)).toBe(20);
        expect(renderHaproxyConfig(haproxyInputFor(config, plan))).toContain("\n    retries 5\n");
    });

    it("marks servers down from health checks only, and sends requests to redundancy while production's 503s are recent", () => {
        const config = parse(sampleValues());
        const plan = planTopology(config, "wa");
        const text = renderHaproxyConfig(haproxyInputFor(config, plan));
        // Marking down from observed traffic cut requests between two connection retries (bench/concurrentKills.ts).
        expect(text).not.toMatch(/\bobserve\b/);
        expect(text).toContain("    http-response sc-inc-gpc0(0) if { status 503 } { srv_name production }");
        // Two 503s within the window: one transient 503 moves nobody.
        expect(text).toContain("    use_backend web_authors_redundancy if { sc0_gpc0_rate ge 2 }");
        expect(text).toContain("store gpc0,gpc0_rate(1000ms)");
    });

    it("passes `haproxy -c` with TLS and an Admin allow-list, as the Docker platform renders it", () => {
        const config = parse({ ...sampleValues(), tlsCertificate: TLS_PEM, loadBalancer: { adminAllowedSources: ["10.0.0.0/8", "192.168.1.0/24"] } });
        const input = haproxyInputFor(config, planTopology(config, "wa"));
        const text = renderHaproxyConfig(input);
        expect(text).toContain("server production wa-production-web-author:8080 cookie production resolvers dns");
        expect(text).toContain("nameserver dns1 127.0.0.11:53");
        expect(text).toContain("http-request redirect scheme https code 301 unless { ssl_fc }");
        // `haproxy -c` needs the referenced files; point them at real ones and at resolvable names.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "haproxy-c-"));
        try {
            execCheck(dir, text.replace(/wa-(production|redundancy)-web-author/g, "localhost"), input.tls?.certificatePath as string, input.unavailablePagePath);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

function execCheck(dir: string, text: string, certificatePath: string, pagePath: string) {
    const cert = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", path.join(dir, "k"), "-out", path.join(dir, "c")]);
    expect(cert.status).toBe(0);
    fs.writeFileSync(path.join(dir, "site.pem"), fs.readFileSync(path.join(dir, "c"), "utf8") + fs.readFileSync(path.join(dir, "k"), "utf8"));
    fs.writeFileSync(path.join(dir, "503.http"), "HTTP/1.0 503 Service Unavailable\r\n\r\n");
    const cfg = path.join(dir, "haproxy.cfg");
    fs.writeFileSync(cfg, text.split(certificatePath).join(path.join(dir, "site.pem")).split(pagePath).join(path.join(dir, "503.http")));
    const result = spawnSync("haproxy", ["-c", "-f", cfg], { encoding: "utf8" });
    expect(result.stdout + result.stderr).not.toMatch(/\[ALERT\]/);
    expect(result.status).toBe(0);
}
