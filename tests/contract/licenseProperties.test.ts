import { renderLicenseProperties } from "../../components";
import { escapePropertyValue } from "../../components/contract/javaProperties";
import { LICENSE_PROPERTY_KEYS } from "../../components/contract/licenseProperties";

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
});
