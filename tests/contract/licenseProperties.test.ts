import { TRICKY_PASSWORDS } from "../helpers/trickyPasswords";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderLicenseProperties } from "../../components";
import { escapePropertyValue } from "../../components/contract/javaProperties";
import { LICENSE_PROPERTY_KEYS } from "../../components/contract/licenseProperties";
import { loadWithJava } from "../helpers/javaProperties";

/** Passwords that break naive writers: every character java.util.Properties treats specially, and non-Latin-1. */

describe("license.properties", () => {
    it("writes the documented keys, main = production, backup = redundancy", () => {
        const text = renderLicenseProperties(
            { url: "http://prod:8080/oXygenLicenseServlet/license-servlet", user: "wa", password: "p" },
            { url: "http://red:8080/oXygenLicenseServlet/license-servlet", user: "wa", password: "q" },
        );
        const keys = text
            .split("\n")
            .filter((line) => line && !line.startsWith("#"))
            .map((line) => line.slice(0, line.indexOf("=")));
        expect(keys).toEqual(Object.values(LICENSE_PROPERTY_KEYS));
        expect(text).toContain("licensing.server.url=http\\://prod\\:8080/oXygenLicenseServlet/license-servlet\n");
        expect(text).toContain("backup.licensing.server.url=http\\://red\\:8080/oXygenLicenseServlet/license-servlet\n");
        // Pure ASCII, so Latin-1 and UTF-8 readers agree.
        expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    });

    it("escapes as java.util.Properties.store does", () => {
        expect(escapePropertyValue(" a=b:c#d!e\\f")).toBe("\\ a\\=b\\:c\\#d\\!e\\\\f");
        expect(escapePropertyValue("é😀")).toBe("\\u00E9\\uD83D\\uDE00");
        expect(escapePropertyValue("x y")).toBe("x y");
    });

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
