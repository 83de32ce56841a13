/**
 * `npm run up:local` and `npm run up:prod` (scripts/up.sh) from a fresh copy of the repository, against a stand-in
 * Pulumi CLI (tests/fixtures/stand-in-pulumi.mjs) and Docker CLI on the PATH. The terminal cases run in a real
 * pseudo-terminal (util-linux `script`), answering each prompt when it appears. The first fresh copy runs the real
 * ts-node that up.sh calls; the others a stand-in that transpiles the same way and keeps the output
 * (tests/fixtures/stand-in-ts-node.cjs), so that each run does not load TypeScript again.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { exampleValuesLeft, SHIPPED_EXAMPLES } from "../../scripts/stack-config";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "tests", "fixtures");

const ANSWERS = {
    passphrase: "pass phrase 7",
    productionLicenseKey: ["PROD-KEY 1f2e", "Registration_Name=Example Corp"],
    redundancyLicenseKey: ["RED-KEY 9a8b", "Registration_Name=Example Corp"],
    licenseServerPassword: "ls-pw:9#x",
    webAuthorAdminPassword: "wa-admin-3q",
    licenseServerAdminPassword: "ls-admin-7z",
    warUrl: "https://downloads.test/oXygenLicenseServlet.war",
};
const SECRET_TEXTS = [
    ANSWERS.passphrase,
    ...ANSWERS.productionLicenseKey.slice(0, 1),
    ...ANSWERS.redundancyLicenseKey.slice(0, 1),
    ANSWERS.licenseServerPassword,
    ANSWERS.webAuthorAdminPassword,
    ANSWERS.licenseServerAdminPassword,
];

interface Call {
    argv: string[];
    stdin: string | null;
    tty: boolean;
    env: { PULUMI_BACKEND_URL?: string; passphrase?: string; passphraseFrom: string | null };
}

interface Clone {
    dir: string;
    bin: string;
    state: string;
    calls(): Call[];
    /** Calls made since the last `resetCalls`. */
    resetCalls(): void;
}

const clones: string[] = [];
const TS_NODE_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "up-test-ts-node-"));
afterAll(() => [...clones, TS_NODE_CACHE].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** The installed packages as `npm ci` leaves them, with `.bin/ts-node` the stand-in (unless `real`). */
function linkNodeModules(dir: string, tsNode: "real" | "stand-in") {
    const installed = path.join(ROOT, "node_modules");
    if (tsNode === "real") {
        fs.symlinkSync(installed, path.join(dir, "node_modules"));
        return;
    }
    fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
    for (const entry of fs.readdirSync(installed)) {
        if (entry !== ".bin") fs.symlinkSync(path.join(installed, entry), path.join(dir, "node_modules", entry));
    }
    for (const entry of fs.readdirSync(path.join(installed, ".bin"))) {
        const target = entry === "ts-node" ? path.join(FIXTURES, "stand-in-ts-node.cjs") : fs.realpathSync(path.join(installed, ".bin", entry));
        fs.symlinkSync(target, path.join(dir, "node_modules", ".bin", entry));
    }
}

/** The repository's files as `git clone` gives them (node_modules linked: that is `npm ci`), plus the stand-ins. */
function freshClone(options: { pulumi?: boolean; tsNode?: "real" | "stand-in" } = {}): Clone {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "up-test-"));
    clones.push(base);
    const dir = path.join(base, "clone");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((file) => file !== "" && fs.existsSync(path.join(ROOT, file)) && !file.startsWith("tests/system/"));
    for (const file of files) {
        fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
    linkNodeModules(dir, options.tsNode ?? "stand-in");
    const bin = path.join(base, "bin");
    const state = path.join(base, "state");
    fs.mkdirSync(bin);
    fs.mkdirSync(state);
    fs.symlinkSync(path.join(FIXTURES, "stand-in-docker.mjs"), path.join(bin, "docker"));
    if (options.pulumi !== false) fs.symlinkSync(path.join(FIXTURES, "stand-in-pulumi.mjs"), path.join(bin, "pulumi"));
    const log = path.join(state, "calls.jsonl");
    return {
        dir,
        bin,
        state,
        calls: () =>
            fs.existsSync(log)
                ? fs
                      .readFileSync(log, "utf8")
                      .trim()
                      .split("\n")
                      .map((line) => JSON.parse(line) as Call)
                : [],
        resetCalls: () => fs.rmSync(log, { force: true }),
    };
}

/** An environment with the stand-ins first on the PATH and nothing of the caller's Pulumi or Docker settings. */
function envFor(clone: Clone, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
        PATH: [clone.bin, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
        HOME: clone.state,
        LANG: "C.UTF-8",
        STANDIN_PULUMI_STATE: clone.state,
        STANDIN_TS_NODE_CACHE: TS_NODE_CACHE,
        ...extra,
    };
    return env;
}

/** Runs scripts/up.sh without a terminal (stdin is empty). */
function runPlain(clone: Clone, stack: string, extra: Record<string, string> = {}, args: string[] = []) {
    const result = spawnSync("bash", ["scripts/up.sh", stack, ...args], { cwd: clone.dir, env: envFor(clone, extra), input: "", encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs scripts/up.sh in a pseudo-terminal, answering each prompt (matched at the end of the output) when it appears. */
function runInTerminal(
    clone: Clone,
    stack: string,
    answers: Array<[RegExp, string]>,
    extra: Record<string, string> = {},
): Promise<{ status: number | null; transcript: string; unanswered: number }> {
    return new Promise((resolve) => {
        const child = spawn("script", ["-qec", `bash scripts/up.sh ${stack}`, "/dev/null"], { cwd: clone.dir, env: envFor(clone, extra) });
        let transcript = "";
        let since = 0;
        const pending = [...answers];
        const onData = (data: Buffer) => {
            transcript += data.toString("utf8");
            const next = pending[0];
            if (next !== undefined && next[0].test(transcript.slice(since))) {
                pending.shift();
                since = transcript.length;
                // Type after the prompt, as a person would: by then `read -s` has turned echo off.
                setTimeout(() => child.stdin.write(next[1]), 150);
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("close", (status) => resolve({ status, transcript, unanswered: pending.length }));
    });
}

const stackFile = (clone: Clone, stack: string) =>
    parse(fs.readFileSync(path.join(clone.dir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> };
const commands = (calls: Call[]) => calls.map((call) => call.argv.filter((arg) => !arg.startsWith("--stack") && arg !== "local" && arg !== "prod").join(" "));

/** What a person types for the local stack on a fresh clone, prompt by prompt. */
const FIRST_RUN_ANSWERS: Array<[RegExp, string]> = [
    [/Passphrase for stack local: $/, `${ANSWERS.passphrase}\r`],
    [/productionLicenseKey \(input hidden; paste it, then press Enter on an empty line\): $/, `${ANSWERS.productionLicenseKey.join("\r")}\r\r`],
    [/redundancyLicenseKey \(input hidden; paste it, then press Enter on an empty line\): $/, `${ANSWERS.redundancyLicenseKey.join("\r")}\r\r`],
    [/licenseServerPassword \(input hidden\): $/, `${ANSWERS.licenseServerPassword}\r`],
    [/webAuthorAdminPassword \(input hidden\): $/, `${ANSWERS.webAuthorAdminPassword}\r`],
    [/licenseServer\.warUrl: $/, `${ANSWERS.warUrl}\r`],
    [/licenseServerAdminPassword \(input hidden\): $/, `${ANSWERS.licenseServerAdminPassword}\r`],
];

describe("npm run up:local from a fresh clone", () => {
    let clone: Clone;
    let first: { status: number | null; transcript: string; unanswered: number };

    beforeAll(async () => {
        // The real ts-node, as `npm ci` installs it: what users run.
        clone = freshClone({ tsNode: "real" });
        first = await runInTerminal(clone, "local", FIRST_RUN_ANSWERS);
    });

    it("creates the state folder, the stack, asks for every missing value on the terminal, then runs pulumi up", () => {
        expect(first.unanswered).toBe(0);
        expect(first.status).toBe(0);
        expect(fs.statSync(path.join(clone.dir, ".pulumi-state")).isDirectory()).toBe(true);
        const calls = clone.calls();
        expect(commands(calls)).toEqual([
            "stack select",
            "stack init",
            "config --json",
            "config set --secret productionLicenseKey",
            "config set --secret redundancyLicenseKey",
            "config set --secret licenseServerPassword",
            "config set --secret webAuthorAdminPassword",
            "config set --path licenseServer.warUrl",
            "config set --secret licenseServerAdminPassword",
            "up",
        ]);
        // Every call on the explicit file backend inside the clone, with the passphrase typed once, through a file.
        for (const call of calls) {
            expect(call.env.PULUMI_BACKEND_URL).toBe(`file://${clone.dir}/.pulumi-state`);
            expect(call.env).toMatchObject({ passphrase: ANSWERS.passphrase, passphraseFrom: "file" });
        }
        // The values arrive on stdin, exactly as typed (a pasted key keeps its line break).
        const stdinOf = (key: string) => calls.find((call) => call.argv.includes(key))?.stdin;
        expect(stdinOf("productionLicenseKey")).toBe(ANSWERS.productionLicenseKey.join("\n"));
        expect(stdinOf("redundancyLicenseKey")).toBe(ANSWERS.redundancyLicenseKey.join("\n"));
        expect(stdinOf("licenseServerPassword")).toBe(ANSWERS.licenseServerPassword);
        expect(stdinOf("licenseServer.warUrl")).toBe(ANSWERS.warUrl);
        expect(calls[calls.length - 1]?.tty).toBe(true);
    });

    it("never puts a secret or the passphrase on a command line, in the terminal's transcript or in the stack file", () => {
        const argv = JSON.stringify(clone.calls().map((call) => call.argv));
        const file = fs.readFileSync(path.join(clone.dir, "Pulumi.local.yaml"), "utf8");
        for (const secret of SECRET_TEXTS) {
            expect(argv).not.toContain(secret);
            expect(first.transcript).not.toContain(secret);
            expect(file).not.toContain(secret);
        }
        const config = stackFile(clone, "local").config;
        expect(config["oxygen-webauthor-ha:productionLicenseKey"]).toEqual({ secure: expect.stringMatching(/^v1:/) });
        expect(config["oxygen-webauthor-ha:licenseServer"]).toEqual({ mode: "container", user: "webauthor", warUrl: ANSWERS.warUrl });
        // The plain value is shown as typed.
        expect(first.transcript).toContain(ANSWERS.warUrl);
    });

    it("asks nothing the second time: select, read the config, pulumi up", async () => {
        clone.resetCalls();
        const second = await runInTerminal(clone, "local", [], { PULUMI_CONFIG_PASSPHRASE: ANSWERS.passphrase });
        expect(second.status).toBe(0);
        expect(second.transcript).not.toMatch(/input hidden|Passphrase for/);
        expect(commands(clone.calls())).toEqual(["stack select", "config --json", "up"]);
    });

    it("without a terminal and with everything set, goes straight to pulumi up with the options given", () => {
        clone.resetCalls();
        const result = runPlain(clone, "local", { PULUMI_CONFIG_PASSPHRASE: ANSWERS.passphrase }, ["--yes"]);
        expect(result.stderr).not.toMatch(/missing/);
        expect(result.status).toBe(0);
        expect(clone.calls().map((call) => call.argv)).toEqual([
            ["stack", "select", "local"],
            ["config", "--json", "--stack", "local"],
            ["up", "--stack", "local", "--yes"],
        ]);
    });
});

describe("npm run up:local without a terminal", () => {
    it("names exactly what is missing, passphrase included, and exits non-zero without pulumi up", () => {
        const clone = freshClone();
        const result = runPlain(clone, "local");
        expect(result.status).toBe(1);
        const named = [...result.stderr.matchAll(/^ {2}- (\S+) /gm)].map((m) => m[1]);
        expect(named).toEqual([
            "PULUMI_CONFIG_PASSPHRASE",
            "productionLicenseKey",
            "redundancyLicenseKey",
            "licenseServerPassword",
            "webAuthorAdminPassword",
            "licenseServer.warUrl",
            "licenseServerAdminPassword",
        ]);
        expect(result.stderr).toContain("licenseServerPassword (secret)");
        expect(result.stderr).toContain("licenseServer.warUrl (plain)");
        // Without the passphrase it creates nothing: it only looked for the stack.
        expect(commands(clone.calls())).toEqual(["stack select"]);
        // The list came from scripts/stack-config.ts, through the stand-in ts-node.
        expect(fs.readdirSync(TS_NODE_CACHE).length).toBeGreaterThan(5);
    });

    it("with the passphrase, creates the stack and names only the values still missing", () => {
        const clone = freshClone();
        const result = runPlain(clone, "local", { PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(result.status).toBe(1);
        expect(result.stderr).not.toContain("PULUMI_CONFIG_PASSPHRASE");
        expect(result.stderr).toContain("productionLicenseKey (secret)");
        expect(commands(clone.calls())).toEqual(["stack select", "stack init", "config --json"]);
    });

    it("says so when no Docker engine answers, or the Pulumi CLI is missing, before any pulumi call", () => {
        const clone = freshClone();
        const noEngine = runPlain(clone, "local", { STANDIN_DOCKER_ENGINE: "down", PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(noEngine.status).toBe(1);
        expect(noEngine.stderr).toContain("no Docker engine answers");
        const noCli = runPlain(freshClone({ pulumi: false }), "local", { PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(noCli.status).toBe(1);
        expect(noCli.stderr).toContain("the Pulumi CLI is not installed");
        expect(clone.calls()).toEqual([]);
    });
});

/** Pulumi.prod.yaml with every shipped example replaced, as a user would. */
function replaceProdExamples(clone: Clone) {
    const file = path.join(clone.dir, "Pulumi.prod.yaml");
    const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, any> };
    const aws = doc.config["oxygen-webauthor-ha:aws"];
    aws.hostedZoneId = "Z9ZZZZZZZZZZZZZZZZZZ";
    aws.domainName = "editor.corp.test";
    aws.certificateArn = "arn:aws:acm:eu-west-1:210987654321:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    aws.network.availabilityZones = ["eu-west-1b", "eu-west-1c"];
    doc.config["oxygen-webauthor-ha:licenseServer"].warUrl = "https://artifacts.corp.test/oXygenLicenseServlet.war";
    doc.config["oxygen-webauthor-ha:loadBalancer"].adminAllowedSources = ["10.20.0.0/16"];
    fs.writeFileSync(file, stringify(doc));
}

describe("npm run up:prod", () => {
    it("lists each shipped example value still in Pulumi.prod.yaml, and a missing backend, and runs nothing", () => {
        const clone = freshClone();
        const result = runPlain(clone, "prod", { PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("name the prod stack's state backend: PULUMI_BACKEND_URL=");
        for (const key of Object.keys(SHIPPED_EXAMPLES.prod ?? {})) expect(result.stderr).toContain(`Pulumi.prod.yaml still holds ${key}:`);
        expect(clone.calls()).toEqual([]);
    });

    it("refuses the local file backend for prod unless forced", () => {
        const clone = freshClone();
        replaceProdExamples(clone);
        const refused = runPlain(clone, "prod", { PULUMI_BACKEND_URL: `file://${clone.state}`, PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain("is a file backend");
        expect(clone.calls()).toEqual([]);
        const forced = runPlain(clone, "prod", { PULUMI_BACKEND_URL: `file://${clone.state}`, PULUMI_CONFIG_PASSPHRASE: "p", UP_PROD_ALLOW_FILE_BACKEND: "1" });
        expect(forced.stderr).not.toContain("is a file backend");
        expect(commands(clone.calls())[0]).toBe("stack select");
    });

    it("with its values replaced and an S3 backend, creates the stack there and names the missing secrets", () => {
        const clone = freshClone();
        replaceProdExamples(clone);
        const result = runPlain(clone, "prod", { PULUMI_BACKEND_URL: "s3://state-bucket/webauthor", PULUMI_CONFIG_PASSPHRASE: "p" });
        expect(result.status).toBe(1);
        const named = [...result.stderr.matchAll(/^ {2}- (\S+) /gm)].map((m) => m[1]);
        expect(named).toEqual([
            "productionLicenseKey",
            "redundancyLicenseKey",
            "licenseServerPassword",
            "webAuthorAdminPassword",
            "licenseServerAdminPassword",
        ]);
        expect(commands(clone.calls())).toEqual(["stack select", "stack init", "config --json"]);
        expect(clone.calls().every((call) => call.env.PULUMI_BACKEND_URL === "s3://state-bucket/webauthor")).toBe(true);
    });

    it("on Pulumi Cloud, asks for no passphrase and reaches pulumi up once everything is set", async () => {
        const clone = freshClone();
        replaceProdExamples(clone);
        const env = { PULUMI_BACKEND_URL: "https://api.pulumi.com" };
        const answers = FIRST_RUN_ANSWERS.filter(([prompt]) => !/Passphrase|warUrl/.test(prompt.source));
        const run = await runInTerminal(clone, "prod", answers, env);
        expect(run.unanswered).toBe(0);
        expect(run.status).toBe(0);
        expect(run.transcript).not.toContain("Passphrase");
        expect(commands(clone.calls()).slice(-1)).toEqual(["up"]);
        expect(clone.calls().every((call) => call.env.passphraseFrom === null)).toBe(true);
    });
});

describe("scripts/stack-config.ts", () => {
    it("knows the example values Pulumi.prod.yaml ships, each one as shipped", () => {
        const values = Object.fromEntries(
            Object.entries(parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")).config as Record<string, unknown>).map(([k, v]) => [
                k.replace(/^oxygen-webauthor-ha:/, ""),
                v,
            ]),
        );
        expect(exampleValuesLeft("prod", values)).toEqual(
            Object.entries(SHIPPED_EXAMPLES.prod ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)} (the shipped example)`),
        );
    });
});
