/**
 * The contract's renderers read back by the real readers (the unit tests in tests/contract check the text; these run
 * the programs that will read it): `haproxy -c` on the TLS variant of haproxy.cfg, Java's own `Properties.load` on
 * license.properties, and bash on the setup settings' quoting.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
    DOCKER_HAPROXY,
    haproxyInputFor,
    HAPROXY_PATHS,
    parseDeploymentConfig,
    planTopology,
    renderHaproxyConfig,
    renderLicenseProperties,
    renderProductionVerdictLua,
} from "../../components";
import { shellQuote } from "../../components/contract/licenseServerUserData";
import { HAPROXY_BIN } from "../helpers/haproxyBinary";
import { loadWithJava } from "../helpers/javaProperties";
import { SECRETS, sampleValues, TLS_PEM } from "../helpers/sampleConfig";
import { TRICKY_PASSWORDS } from "../helpers/trickyPasswords";

const parse = (values: Record<string, unknown>) => parseDeploymentConfig({ values, secretKeys: new Set([...Object.keys(SECRETS), "tlsCertificate"]) });

describe("rendered haproxy.cfg", () => {
    it("passes `haproxy -c` with TLS and an Admin allow-list, as the Docker platform renders it", () => {
        const config = parse({ ...sampleValues(), tlsCertificate: TLS_PEM, loadBalancer: { adminAllowedSources: ["10.0.0.0/8", "192.168.1.0/24"] } });
        const input = haproxyInputFor(config, planTopology(config, "wa"), DOCKER_HAPROXY);
        const text = renderHaproxyConfig(input);
        expect(text).toContain("server production wa-production-web-author:8080 cookie production resolvers dns");
        expect(text).toContain("nameserver dns1 127.0.0.11:53");
        expect(text).toContain("http-request redirect scheme https code 301 unless { ssl_fc }");
        // `haproxy -c` needs the referenced files; point them at real ones and at resolvable names.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "haproxy-c-"));
        try {
            execCheck(
                dir,
                text.replace(/wa-(production|redundancy)-web-author/g, "localhost"),
                input.tls?.certificatePath as string,
                input.unavailablePagePath,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("license.properties", () => {
    it("round-trips tricky passwords through Java's own Properties.load", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "license-props-"));
        try {
            const files = TRICKY_PASSWORDS.map((password, i) => {
                const file = path.join(dir, `license-${i}.properties`);
                fs.writeFileSync(
                    file,
                    renderLicenseProperties(
                        { url: "http://prod/x", user: "user=1", password },
                        { url: "http://red/x", user: "u:2", password: password + "-backup" },
                    ),
                );
                return file;
            });
            const loaded = loadWithJava(files);
            TRICKY_PASSWORDS.forEach((password, i) => {
                expect(loaded.get(files[i] as string)).toEqual({
                    "licensing.server.type": "http",
                    "licensing.server.url": "http://prod/x",
                    "licensing.server.user": "user=1",
                    "licensing.server.password": password,
                    "backup.licensing.server.url": "http://red/x",
                    "backup.licensing.server.user": "u:2",
                    "backup.licensing.server.password": password + "-backup",
                });
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("the setup settings' shell quoting", () => {
    it("gives bash back every value unchanged", () => {
        for (const value of ["plain", "it's", "$HOME `id` $(id)", 'a"b\\c', "x&y;z|w", "new\nline"]) {
            const result = spawnSync("bash", ["-c", `V=${shellQuote(value)}; printf '%s' "$V"`], { encoding: "utf8" });
            expect(result.stdout).toBe(value);
        }
    });
});

function execCheck(dir: string, text: string, certificatePath: string, pagePath: string) {
    // The PEM bundle the config was given (a real certificate and key), where the config names it.
    fs.writeFileSync(path.join(dir, "site.pem"), TLS_PEM);
    fs.writeFileSync(path.join(dir, "503.http"), "HTTP/1.0 503 Service Unavailable\r\n\r\n");
    fs.writeFileSync(path.join(dir, "verdict.lua"), renderProductionVerdictLua());
    const cfg = path.join(dir, "haproxy.cfg");
    const files = { [certificatePath]: "site.pem", [pagePath]: "503.http", [HAPROXY_PATHS.productionVerdict]: "verdict.lua" };
    fs.writeFileSync(
        cfg,
        Object.entries(files).reduce((t, [from, to]) => t.split(from).join(path.join(dir, to)), text),
    );
    const result = spawnSync(HAPROXY_BIN, ["-c", "-f", cfg], { encoding: "utf8" });
    expect(result.stdout + result.stderr).not.toMatch(/\[ALERT\]/);
    expect(result.status).toBe(0);
}
