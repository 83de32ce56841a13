/**
 * Bad-looking input that is accepted, because every file it reaches reads it back unchanged. Each case runs the
 * stack program under the mocks, starts the registered artifacts as their platform would (entrypoints with the
 * containers' `envs` and `uploads`, the ECS task's environment and secrets), and reads what they wrote with the real
 * parsers: Java's `Properties.load` for license.properties, the JDK's XML parser for tomcat-users.xml, `haproxy -c`
 * for the haproxy.cfg the config writer publishes. The rejected classes are in tests/components/badInputRejected.test.ts.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HAPROXY_PATHS } from "../../components";
import { LOAD_BALANCER_SCRIPT_PATHS } from "../../components/platforms/docker/loadBalancerReload";
import { deployStack } from "../../stacks/program";
import { loadWithJava } from "../helpers/javaProperties";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { byName, ENTRYPOINTS, envsOf, startContainer, startEcsTask, uploadsOf } from "../helpers/registeredArtifacts";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, SECRETS, sampleValues, threeHostPlacement, TLS_PEM } from "../helpers/sampleConfig";
import { loadTomcatUsers, TomcatUser } from "../helpers/tomcatUsers";

type Values = Record<string, unknown>;
const ls = sampleValues().licenseServer as Values;
const ROLES = ["production", "redundancy"] as const;

interface Case {
    readonly title: string;
    readonly values: Values;
    readonly secretKeys?: string[];
}

const docker = (title: string, changes: Values, secretKeys?: string[]): Case => ({ title, values: { ...sampleValues(), ...changes }, secretKeys });
const onAws = (title: string, changes: Values): Case => ({ title, values: { ...awsSampleValues(), ...changes } });

// Several values per case (one per secret or key), so that each program run and JVM start checks as much as it can.
const dockerCases: Case[] = [
    docker("Java properties' special characters and leading spaces; XML comment and CDATA ends", {
        licenseServerPassword: "  p\\a=s:s#w!rd \\",
        licenseServerAdminPassword: "]]>--><!--&#x41;",
    }),
    docker("XML's special characters; shell syntax in the admin password", {
        licenseServerPassword: `<a href="x">&amp;'</a>`,
        licenseServerAdminPassword: "$(touch pwned) `id` ${HOME} $PATH '\"' ; | && *",
    }),
    docker("beyond Latin-1, with an astral character; a Java escape look-alike", {
        licenseServerPassword: "pässwörd-密码-😀-ünïcödé",
        licenseServerAdminPassword: "\\u0041 is not A \\n",
    }),
    docker("shell syntax; every allowed user punctuation; a context path with dots", {
        licenseServerPassword: "$(touch pwned) `id` ${HOME} $PATH '\"' ; | && *",
        licenseServer: { ...ls, user: "web.author_1@example-org", contextPath: "o.X-y_z" },
    }),
    docker("spaces at both ends; different keys with CRLF line endings", {
        licenseServerPassword: "  spaced out  ",
        productionLicenseKey: "PROD-1\r\nPROD-2\r\n",
        redundancyLicenseKey: "RED-1\r\nRED-2\r\n",
    }),
    docker(
        "a TLS bundle with CRLF line endings; HAProxy's largest timeouts; Admin CIDRs from /0 to /32",
        {
            tlsCertificate: TLS_PEM.replace(/\n/g, "\r\n"),
            loadBalancer: {
                httpPort: 8080,
                connectTimeoutMs: 2147483647,
                serverTimeoutSeconds: 2147483,
                tunnelTimeoutSeconds: 2147483,
                adminAllowedSources: ["0.0.0.0/0", "203.0.113.7/32", "10.0.0.0/8"],
            },
        },
        [...Object.keys(SECRETS), "tlsCertificate"],
    ),
    docker("three hosts, each license server published on its host's address", threeHostPlacement({ redundancy: { licenseServerPublishAddress: "0.0.0.0" } })),
    docker("three hosts with the old shared key at 0.0.0.0", {
        production: { dockerHost: "ssh://deploy@prod-host", address: "prod-host.example.com", webAuthorHostPort: 18090, webAuthorPublishAddress: "0.0.0.0" },
        redundancy: { dockerHost: "ssh://deploy@red-host", address: "red-host.example.com", webAuthorHostPort: 18091, webAuthorPublishAddress: "0.0.0.0" },
        licenseServer: { ...ls, publishAddress: "0.0.0.0" },
        loadBalancer: { dockerHost: "ssh://deploy@lb-host", httpPort: 80 },
    }),
];

const awsCases: Case[] = [
    onAws("AWS: a password with properties, XML and shell syntax", { licenseServerPassword: " a=b:c#d!e\\f<g>&h\"i'j$(k)`l` ü 😀" }),
    onAws("AWS: different keys with CRLF line endings", { productionLicenseKey: "PROD-1\r\nPROD-2", redundancyLicenseKey: "RED-1\r\nRED-2" }),
];

interface Run {
    readonly kase: Case;
    readonly resources: RecordedResource[];
    /** license.properties written by each Web Author's entrypoint. */
    readonly properties: Partial<Record<(typeof ROLES)[number], string>>;
    /** tomcat-users.xml written by each license server's entrypoint (Docker, container mode). */
    readonly tomcatUsers: Partial<Record<(typeof ROLES)[number], string>>;
    haproxy?: { status: number | null; output: string };
    readonly entrypointErrors: string[];
}

let root: string;
const runs: Run[] = [];
let properties: Map<string, Record<string, string>>;
let users: Map<string, { users: TomcatUser[]; error?: string }>;

/**
 * `haproxy -c` on the config the config writer publishes, with the files it publishes under `dir` and their paths in
 * HAProxy's container pointed there.
 */
function checkHaproxy(writer: RecordedResource, dir: string) {
    const staged = Object.entries(uploadsOf(writer)).filter(([file]) => file.startsWith(`${LOAD_BALANCER_SCRIPT_PATHS.staging}/`));
    const uploads = Object.fromEntries(staged.map(([file, content]) => [`${HAPROXY_PATHS.live}/current/${path.basename(file)}`, content]));
    let config = "";
    for (const [file, content] of Object.entries(uploads)) {
        const local = path.join(dir, file);
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, content);
        if (file.endsWith("haproxy.cfg")) config = local;
    }
    let text = fs.readFileSync(config, "utf8");
    for (const file of Object.keys(uploads)) text = text.split(` ${file}`).join(` ${path.join(dir, file)}`);
    fs.writeFileSync(config, text);
    const result = spawnSync("haproxy", ["-c", "-f", config], { encoding: "utf8" });
    return { status: result.status, output: result.stdout + result.stderr };
}

beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-accepted-"));
    for (const [index, kase] of [...dockerCases, ...awsCases].entries()) {
        const { config, secretKeys } = asPulumiConfig(kase.values, kase.secretKeys);
        const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES);
        const run: Run = { kase, resources, properties: {}, tomcatUsers: {}, entrypointErrors: [] };
        for (const role of ROLES) {
            const dir = path.join(root, String(index), role);
            if ((kase.values as { platform: string }).platform === "aws") {
                // ECS: the task definition's environment and secrets. (license.properties is written before the admin
                // password is read, so it is checked here whatever the entrypoint does next.)
                startEcsTask(
                    byName(resources, `webauthor-${role}-web-author-task-definition`),
                    byName(resources, `webauthor-${role}-web-author-secret-value`),
                    path.join(dir, "wa"),
                );
            } else {
                const wa = startContainer(byName(resources, `webauthor-${role}-web-author-container`), ENTRYPOINTS.webAuthor, path.join(dir, "wa"));
                const lsRun = startContainer(byName(resources, `webauthor-${role}-license-server-container`), ENTRYPOINTS.licenseServer, path.join(dir, "ls"));
                for (const result of [wa, lsRun]) if (result.status !== 0) run.entrypointErrors.push(`${role}: ${result.status} ${result.stderr}`);
                run.tomcatUsers[role] = path.join(dir, "ls", "usr/local/tomcat/conf/tomcat-users.xml");
            }
            run.properties[role] = path.join(dir, "wa", "data", "options", "license.properties");
        }
        if ((kase.values as { platform: string }).platform === "docker") {
            run.haproxy = checkHaproxy(byName(resources, "webauthor-load-balancer-config-writer"), path.join(root, String(index), "lb"));
        }
        runs.push(run);
    }
    // One JVM per parser for every file of every case.
    properties = loadWithJava(runs.flatMap((r) => Object.values(r.properties)).filter((f) => fs.existsSync(f)));
    users = loadTomcatUsers(runs.flatMap((r) => Object.values(r.tomcatUsers)));
}, 60000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const given = (values: Values, key: string): string => (values[key] as string | undefined) ?? (SECRETS as Record<string, string>)[key] ?? "";

describe("accepted input reaches every file unchanged, as the real parsers read it", () => {
    it("covers both platforms", () => {
        expect(dockerCases.length + awsCases.length).toBeGreaterThanOrEqual(10);
    });

    it.each([...dockerCases, ...awsCases].map((k, i) => [k.title, i] as const))("%s", (_title, index) => {
        const run = runs[index] as Run;
        const values = run.kase.values;
        const user = ((values.licenseServer as Values | undefined)?.user as string | undefined) ?? "webauthor";
        expect(run.entrypointErrors).toEqual([]);
        for (const role of ROLES) {
            // license.properties: the user and password byte for byte, main = production, backup = redundancy.
            const props = properties.get(run.properties[role] as string);
            expect(props).toBeDefined();
            expect(props?.["licensing.server.password"]).toBe(given(values, "licenseServerPassword"));
            expect(props?.["backup.licensing.server.password"]).toBe(given(values, "licenseServerPassword"));
            expect(props?.["licensing.server.user"]).toBe(user);
            expect(props?.["licensing.server.url"]).toMatch(/production-license-server|license-production|10\.0\.0\.10|prod-host/);
            expect(props?.["backup.licensing.server.url"]).toMatch(/redundancy-license-server|license-redundancy|10\.0\.0\.20|red-host/);
            const contextPath = ((values.licenseServer as Values | undefined)?.contextPath as string | undefined) ?? "oXygenLicenseServlet";
            expect(props?.["licensing.server.url"]).toContain(`/${contextPath}/license-servlet`);
            if (values.platform === "aws") {
                // The license server's secret, as setup.sh reads it with jq: the key and passwords unchanged.
                const secret = JSON.parse(
                    (unwrapSecrets(byName(run.resources, `webauthor-${role}-license-server-secret-value`).inputs) as { secretString: string }).secretString,
                );
                expect(Object.values(secret)).toContain(given(values, `${role}LicenseKey`));
                expect(Object.values(secret)).toContain(given(values, "licenseServerPassword"));
                continue;
            }
            // tomcat-users.xml: exactly the configured user with role `user`, and `admin`.
            const parsed = users.get(run.tomcatUsers[role] as string);
            expect(parsed?.error).toBeUndefined();
            expect(parsed?.users).toEqual([
                { username: user, password: given(values, "licenseServerPassword"), roles: "user" },
                { username: "admin", password: given(values, "licenseServerAdminPassword"), roles: "admin" },
            ]);
            // The key file: this environment's key, byte for byte, and only on its own server.
            const container = byName(run.resources, `webauthor-${role}-license-server-container`);
            const keyFile = envsOf(container).LICENSE_KEY_FILE as string;
            expect(uploadsOf(container)[keyFile]).toBe(given(values, `${role}LicenseKey`));
        }
        if (values.platform !== "aws") {
            expect(run.haproxy?.output).not.toMatch(/\[ALERT\]/);
            expect(run.haproxy?.status).toBe(0);
        }
    });

    it("publishes each license server on its own host's address", () => {
        const run = runs[dockerCases.findIndex((k) => k.title.startsWith("three hosts, each"))] as Run;
        const ports = (role: string) => (byName(run.resources, `webauthor-${role}-license-server-container`).inputs as { ports: Array<{ ip: string }> }).ports;
        expect(ports("production")[0]?.ip).toBe("10.0.0.10");
        expect(ports("redundancy")[0]?.ip).toBe("0.0.0.0");
    });
});
