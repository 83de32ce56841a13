/**
 * The Web Author entrypoint, run by bash in a temporary directory with `configure-only`: the license.properties it
 * writes is byte-identical to the contract's rendering and Java's Properties.load reads back every key and value.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderLicenseProperties } from "../../components";
import { loadWithJava } from "../helpers/javaProperties";
import { TRICKY_PASSWORDS } from "../contract/licenseProperties.test";

const WEB_AUTHOR_ENTRYPOINT = path.join(__dirname, "..", "..", "docker", "web-author", "entrypoint.sh");
const LICENSE_SERVER_ENTRYPOINT = path.join(__dirname, "..", "..", "docker", "license-server", "entrypoint.sh");
const MAIN_URL = "http://webauthor-production-license-server:8080/oXygenLicenseServlet/license-servlet";
const BACKUP_URL = "http://webauthor-redundancy-license-server:8080/oXygenLicenseServlet/license-servlet";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "entrypoint-"));
    fs.mkdirSync(path.join(dir, "webapp", "WEB-INF"), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function runWebAuthorEntrypoint(env: Record<string, string>) {
    return spawnSync("bash", [WEB_AUTHOR_ENTRYPOINT, "configure-only"], {
        encoding: "utf8",
        env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            CATALINA_HOME: path.join(dir, "tomcat"),
            WEBAPP_DIR: path.join(dir, "webapp"),
            OXYGEN_DATA_DIR: path.join(dir, "data"),
            ...env,
        },
    });
}

describe("docker/web-author/entrypoint.sh", () => {
    it("writes license.properties that equals the contract's rendering and that Java loads back, for tricky passwords", () => {
        const files: string[] = [];
        TRICKY_PASSWORDS.forEach((password, i) => {
            const mainFile = path.join(dir, `main-${i}`);
            const backupFile = path.join(dir, `backup-${i}`);
            fs.writeFileSync(mainFile, password);
            fs.writeFileSync(backupFile, `${password}-backup`);
            const result = runWebAuthorEntrypoint({
                LICENSE_SERVER_URL: MAIN_URL,
                LICENSE_SERVER_USER: "webauthor",
                LICENSE_SERVER_PASSWORD_FILE: mainFile,
                BACKUP_LICENSE_SERVER_URL: BACKUP_URL,
                BACKUP_LICENSE_SERVER_USER: "web:author",
                BACKUP_LICENSE_SERVER_PASSWORD_FILE: backupFile,
            });
            expect(result.stderr).toBe("");
            expect(result.status).toBe(0);
            const written = path.join(dir, "data", "options", "license.properties");
            const text = fs.readFileSync(written, "utf8");
            expect(text).toBe(
                renderLicenseProperties({ url: MAIN_URL, user: "webauthor", password }, { url: BACKUP_URL, user: "web:author", password: `${password}-backup` }),
            );
            // The same file goes to WEB-INF, and neither copy is readable by others.
            expect(fs.readFileSync(path.join(dir, "webapp", "WEB-INF", "license.properties"), "utf8")).toBe(text);
            expect(fs.statSync(written).mode & 0o077).toBe(0);
            const copy = path.join(dir, `copy-${i}.properties`);
            fs.copyFileSync(written, copy);
            files.push(copy);
        });
        const loaded = loadWithJava(files);
        TRICKY_PASSWORDS.forEach((password, i) => {
            expect(loaded.get(files[i] as string)).toEqual({
                "licensing.server.type": "http",
                "licensing.server.url": MAIN_URL,
                "licensing.server.user": "webauthor",
                "licensing.server.password": password,
                "backup.licensing.server.url": BACKUP_URL,
                "backup.licensing.server.user": "web:author",
                "backup.licensing.server.password": `${password}-backup`,
            });
        });
    });

    it("takes passwords from variables too (how ECS injects Secrets Manager values) and sets the DNS cache TTL", () => {
        const result = runWebAuthorEntrypoint({
            LICENSE_SERVER_URL: MAIN_URL,
            LICENSE_SERVER_USER: "u",
            LICENSE_SERVER_PASSWORD: "from=env",
            BACKUP_LICENSE_SERVER_URL: BACKUP_URL,
            BACKUP_LICENSE_SERVER_USER: "u",
            BACKUP_LICENSE_SERVER_PASSWORD: "backup:env",
            DNS_CACHE_TTL_SECONDS: "45",
        });
        expect(result.status).toBe(0);
        const text = fs.readFileSync(path.join(dir, "data", "options", "license.properties"), "utf8");
        expect(text).toContain("licensing.server.password=from\\=env\n");
        expect(text).toContain("backup.licensing.server.password=backup\\:env\n");
        expect(fs.readFileSync(path.join(dir, "tomcat", "conf", "web-author-security.properties"), "utf8")).toBe("networkaddress.cache.ttl=45\n");
    });

    it("refuses to start without a backup server, naming the missing input", () => {
        const result = runWebAuthorEntrypoint({ LICENSE_SERVER_URL: MAIN_URL, LICENSE_SERVER_USER: "u", LICENSE_SERVER_PASSWORD: "p" });
        expect(result.status).toBe(64);
        expect(result.stderr).toContain("BACKUP_LICENSE_SERVER_URL is not set");
        expect(fs.existsSync(path.join(dir, "data", "options", "license.properties"))).toBe(false);
    });
});

describe("docker/license-server/entrypoint.sh", () => {
    it("writes tomcat-users.xml with the user and admin roles, XML-escaping the passwords", () => {
        fs.writeFileSync(path.join(dir, "pw"), `a<b>&"c'`);
        fs.writeFileSync(path.join(dir, "admin"), "admin&pw");
        fs.writeFileSync(path.join(dir, "key"), "KEY");
        const result = spawnSync("bash", [LICENSE_SERVER_ENTRYPOINT, "configure-only"], {
            encoding: "utf8",
            env: {
                PATH: process.env.PATH ?? "/usr/bin:/bin",
                CATALINA_HOME: path.join(dir, "tomcat"),
                WORK_DIR: path.join(dir, "work"),
                LICENSE_SERVER_USER: "webauthor",
                LICENSE_SERVER_PASSWORD_FILE: path.join(dir, "pw"),
                LICENSE_SERVER_ADMIN_PASSWORD_FILE: path.join(dir, "admin"),
                LICENSE_KEY_FILE: path.join(dir, "key"),
            },
        });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const xml = fs.readFileSync(path.join(dir, "tomcat", "conf", "tomcat-users.xml"), "utf8");
        expect(xml).toContain(`<user username="webauthor" password="a&lt;b&gt;&amp;&quot;c&apos;" roles="user"/>`);
        expect(xml).toContain(`<user username="admin" password="admin&amp;pw" roles="admin"/>`);
        expect(fs.existsSync(path.join(dir, "work"))).toBe(true);
    });
});
