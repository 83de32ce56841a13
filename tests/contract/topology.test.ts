import {
    haproxyInputFor,
    parseDeploymentConfig,
    planTopology,
    renderHaproxyConfig,
    DOCKER_HAPROXY,
    HAPROXY_PATHS,
    verdictWaitLimitMs,
    worstCaseDetectionMs,
    worstCaseRefusalDetectionMs,
    connectionRetries,
} from "../../components";
import { licenseKeyFor } from "../../components/contract/topology";
import { SECRETS, sampleValues } from "../helpers/sampleConfig";

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
        expect(renderHaproxyConfig(haproxyInputFor(config, plan, DOCKER_HAPROXY))).toContain("\n    retries 5\n");
    });

    it("marks servers down from health checks only", () => {
        const config = parse(sampleValues());
        const text = renderHaproxyConfig(haproxyInputFor(config, planTopology(config, "wa"), DOCKER_HAPROXY));
        expect(text).toContain("\n    default-server check inter 1000ms fastinter 250ms downinter 1000ms fall 2 rise 2 on-marked-down shutdown-sessions\n");
        // Observed traffic would let one broken endpoint move every user (mark-down), or cut requests between two
        // connection retries (fastinter): see haproxyConfig.ts.
        expect(text).not.toMatch(/\bobserve\b|on-error/);
        // No circuit breaker or redundancy-only backend: only the health checks move users.
        expect(text).not.toMatch(/use_backend|track-sc|stick-table/);
    });

    it("asks for the verdict on production's 503 to a safe request only, and repeats only safe requests", () => {
        const config = parse({ ...sampleValues(), loadBalancer: { healthCheck: { intervalMs: 2000, timeoutMs: 500, fall: 3 } } });
        const text = renderHaproxyConfig(haproxyInputFor(config, planTopology(config, "wa"), DOCKER_HAPROXY));
        expect(text).toContain(`\n    lua-load ${HAPROXY_PATHS.productionVerdict}\n`);
        expect(text).toContain("\n    acl safe_method method GET HEAD OPTIONS\n");
        expect(text).toContain("\n    http-request disable-l7-retry unless safe_method\n");
        expect(text).toContain("\n    retry-on conn-failure empty-response\n");
        expect(text).toContain("\n    option redispatch 1\n");
        // Wait limit: worst-case detection (2000 + 3 x 500 + 2 x 500) + one fast interval (500).
        expect(verdictWaitLimitMs(config.loadBalancer.healthCheck)).toBe(5000);
        expect(text).toContain(
            "\n    http-response lua.production_verdict web_authors production /oxygen-xml-web-author/rest-public/status 500 5000 if { status 503 } { srv_name production } safe_method\n",
        );
        expect(text).toContain("\n    http-request lua.await_verdict web_authors production unless { req.cook(WA_SERVER) -m str redundancy }\n");
        expect(text).toContain("\n    http-request set-var(txn.request_uri) pathq\n");
        expect(text).toContain("\n    http-response redirect location %[var(txn.request_uri)] code 307 if { var(txn.production_down) -m bool }\n");
    });
});
