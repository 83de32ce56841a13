/**
 * The package as a user installs it: the program `npm run build` compiles (tsconfig.build.json, `stripInternal`),
 * emitted into a scratch copy of the package, resolved through package.json's `exports` as Node and TypeScript
 * (node16) do.
 * - the published typings are whole: every `.d.ts` type-checks without a declaration that `@internal` stripped;
 * - the main entry exports exactly the curated list below (a change to the public surface changes this list, and the
 *   CHANGELOG), and `components/index.ts` re-exports nothing wholesale;
 * - no declaration marked `@internal` in `components/` is in the published typings;
 * - at run time `oxygen-webauthor-ha` and `oxygen-webauthor-ha/stack-config` load, and a deep path is refused.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { standInSsm } from "../helpers/standInSsm";

const ROOT = path.join(__dirname, "..", "..");

const PUBLIC_VALUES = [
    "ADMIN_GUARDED_PATHS",
    "ALB_ALIAS_TTL_SECONDS",
    "ConfigValidationError",
    "DOCKER_HAPROXY",
    "Environment",
    "FailoverLoadBalancer",
    "HAPROXY_PATHS",
    "LAST_RESORT_SERVER",
    "LICENSE_SERVER_WORK_DIR",
    "LOAD_BALANCER_ALERTS",
    "LicenseServer",
    "LicenseServerReadinessGate",
    "MAX_AWS_PREFIX_LENGTH",
    "MAX_CONNECTION_RETRIES",
    "METRICS_CONTAINER_PORT",
    "METRICS_PATH",
    "NON_NORMAL_PATH_PATTERNS",
    "PRODUCTION_STATES",
    "ROLES",
    "ROLLING_ORDER",
    "ROLLING_SEQUENCE",
    "ROUTE53_METRICS_REGION",
    "RedundantWebAuthor",
    "SECRET_KEYS",
    "STANDBY_SETTLE_SECONDS",
    "STATS_PATH",
    "SecretValue",
    "WEB_AUTHOR_ADMIN_PATH",
    "WEB_AUTHOR_APP_PATH",
    "WEB_AUTHOR_CONTEXT_PATH",
    "WEB_AUTHOR_STATUS_PATH",
    "WEB_AUTHOR_WEBSOCKET_PATH",
    "WebAuthor",
    "awsPlatform",
    "awsSchema",
    "connectionRetries",
    "deploymentConfigSchema",
    "dockerPlatform",
    "externalLicenseServer",
    "fastIntervalMs",
    "haproxyInputFor",
    "parseDeploymentConfig",
    "planAws",
    "planTopology",
    "promql",
    "registerPlatform",
    "renderHaproxyConfig",
    "renderLicenseProperties",
    "renderLicenseServerUserData",
    "renderProductionVerdictLua",
    "renderUnavailablePage",
    "verdictWaitLimitMs",
    "worstCaseDetectionMs",
    "worstCaseFailoverSeconds",
    "worstCaseRefusalDetectionMs",
];

const PUBLIC_TYPES = [
    "AlertRule",
    "AwsAlarmTransforms",
    "AwsConfig",
    "AwsDeploymentConfig",
    "AwsEnvironmentOutputs",
    "AwsEnvironmentPlan",
    "AwsEnvironmentTransforms",
    "AwsFailoverChildren",
    "AwsLicenseServerChildren",
    "AwsOutputs",
    "AwsPlan",
    "AwsPlatformTypes",
    "AwsShared",
    "AwsTransforms",
    "AwsWebAuthorChildren",
    "ConfigIssue",
    "DeploymentConfig",
    "DeploymentConfigInput",
    "DockerDeploymentConfig",
    "DockerEnvironmentTransforms",
    "DockerLicenseServerChildren",
    "DockerLoadBalancerChildren",
    "DockerNetworks",
    "DockerPlatformTypes",
    "DockerTransforms",
    "DockerWebAuthorChildren",
    "Endpoint",
    "EnvironmentArgs",
    "EnvironmentChildren",
    "EnvironmentConfig",
    "EnvironmentOutputs",
    "EnvironmentOutputsOf",
    "EnvironmentPart",
    "EnvironmentPartBuilder",
    "EnvironmentPlan",
    "ExternalLicenseServerChildren",
    "FailoverLoadBalancerArgs",
    "FailoverOutputs",
    "HaproxyContainer",
    "HaproxyRenderInput",
    "HealthCheckConfig",
    "LicenseServerArgs",
    "LicenseServerReadinessArgs",
    "LicenseServerBootSettings",
    "LicenseServerConnection",
    "LicenseServerPart",
    "LicenseServerScripts",
    "LoadBalancerPart",
    "Part",
    "PartBuilder",
    "Platform",
    "PlatformDeployment",
    "PlatformImplementation",
    "PlatformName",
    "PlatformTypeMap",
    "PlatformTypes",
    "ProductionState",
    "ProviderOf",
    "RawStackConfig",
    "RedundantWebAuthorArgs",
    "Role",
    "RollingStep",
    "SampleCondition",
    "SharedHealthCheck",
    "TopologyPlan",
    "Transform",
    "TransformResult",
    "WebAuthorArgs",
    "WebAuthorPart",
];

const STACK_CONFIG_VALUES = ["readDeploymentConfig", "readRawStackConfig"];

function filesUnder(dir: string, suffix: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return filesUnder(full, suffix);
        return entry.name.endsWith(suffix) ? [full] : [];
    });
}

/** Per source file of components/, the names declared with an `@internal` JSDoc tag (in the comment right above `export`). */
function internalNames(): Array<[string, string]> {
    return filesUnder(path.join(ROOT, "components"), ".ts").flatMap((file) => {
        const text = fs.readFileSync(file, "utf8");
        const relative = path.relative(ROOT, file);
        return [
            ...text.matchAll(
                /\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*export (?:async )?(?:function|const|class|interface|type|let) (\w+)/g,
            ),
        ].map((m): [string, string] => [relative, m[1] as string]);
    });
}

describe("the published package", () => {
    let scratch: string;
    let pkg: string;

    /** The program `npm run build` compiles (tsconfig.build.json), emitting into the scratch package. */
    let build: ts.Program;

    beforeAll(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "published-package-"));
        pkg = path.join(scratch, "node_modules", "oxygen-webauthor-ha");
        fs.mkdirSync(pkg, { recursive: true });
        const config = ts.getParsedCommandLineOfConfigFile(
            path.join(ROOT, "tsconfig.build.json"),
            { outDir: path.join(pkg, "dist") },
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: (d) => {
                    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
                },
            },
        );
        if (config === undefined) throw new Error("tsconfig.build.json: unreadable");
        expect(config.options.stripInternal).toBe(true);
        build = ts.createProgram(config.fileNames, config.options);
        const emitted = build.emit();
        expect(emitted.emitSkipped).toBe(false);
        expect(emitted.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
        fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
        // The package's own dependencies, as npm would install them beside it.
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"), "dir");
    }, 60000);

    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it("re-exports nothing wholesale from its entry", () => {
        expect(fs.readFileSync(path.join(ROOT, "components", "index.ts"), "utf8")).not.toMatch(/export\s*\*/);
    });

    it("resolves both entries through `exports` as TypeScript's node16 resolution does", () => {
        const options = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
        const resolve = (name: string) => ts.resolveModuleName(name, path.join(scratch, "consumer.ts"), options, ts.sys).resolvedModule?.resolvedFileName;
        expect(resolve("oxygen-webauthor-ha")).toBe(path.join(pkg, "dist", "components", "index.d.ts"));
        expect(resolve("oxygen-webauthor-ha/stack-config")).toBe(path.join(pkg, "dist", "stacks", "readStackConfig.d.ts"));
        expect(resolve("oxygen-webauthor-ha/dist/components/contract/topology")).toBeUndefined();
    });

    it("has typings that type-check on their own", () => {
        const typings = filesUnder(path.join(pkg, "dist"), ".d.ts");
        expect(typings.length).toBeGreaterThan(40);
        // The dependencies' typings are parsed once: the build's copies are handed over (same compiler options).
        const options = { ...build.getCompilerOptions(), noEmit: true, skipLibCheck: false };
        const host = ts.createCompilerHost(options);
        const fresh = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
            (fileName.startsWith(scratch) ? undefined : build.getSourceFile(fileName)) ?? fresh(fileName, languageVersion, onError, shouldCreate);
        const program = ts.createProgram(typings, options, host);
        // Only our files: the dependencies' typings are theirs to check.
        const ours = program.getSourceFiles().filter((file) => file.fileName.startsWith(scratch));
        expect(ours.length).toBe(typings.length);
        const problems = ours.flatMap((file) =>
            [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
                (d) => `${path.relative(scratch, file.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
            ),
        );
        expect(problems).toEqual([]);

        const checker = program.getTypeChecker();
        const exportsOf = (file: string) => {
            const source = program.getSourceFile(path.join(pkg, "dist", file));
            const symbol = source && checker.getSymbolAtLocation(source);
            if (symbol === undefined) throw new Error(`no module symbol for ${file}`);
            return checker.getExportsOfModule(symbol).map((s) => s.name);
        };
        expect(exportsOf("components/index.d.ts").sort()).toEqual([...PUBLIC_VALUES, ...PUBLIC_TYPES].sort());
        expect(exportsOf("stacks/readStackConfig.d.ts").sort()).toEqual(STACK_CONFIG_VALUES);
    });

    it("leaves out every declaration marked @internal", () => {
        const internal = internalNames();
        expect(internal.length).toBeGreaterThan(60);
        expect(internal.filter(([, name]) => PUBLIC_VALUES.includes(name) || PUBLIC_TYPES.includes(name))).toEqual([]);
        const declaredIn = (source: string) => {
            const typings = path.join(pkg, "dist", source.replace(/\.ts$/, ".d.ts"));
            const text = fs.readFileSync(typings, "utf8");
            return new Set([...text.matchAll(/^export (?:declare )?(?:function|const|class|interface|type|let) (\w+)/gm)].map((m) => m[1]));
        };
        expect(declaredIn("components/platforms/shared/topology.ts")).toContain("planTopology");
        expect(internal.filter(([source, name]) => declaredIn(source).has(name)).map(([source, name]) => `${source}: ${name}`)).toEqual([]);
    });

    it("serializes the readiness gate's provider from the installed package, and that provider runs from a project without the SDK beside it", async () => {
        // A stand-in SSM endpoint on 127.0.0.1: the agent is online, the command succeeds.
        const ssm = await standInSsm({
            DescribeInstanceInformation: [[200, { InstanceInformationList: [{ InstanceId: "i-0123456789abcdef0", PingStatus: "Online" }] }]],
            SendCommand: [[200, { Command: { CommandId: "cmd-1" } }]],
            GetCommandInvocation: [[200, { Status: "Success", StandardOutputContent: "ready\n" }]],
        });
        try {
            const run = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
                fs.copyFileSync(path.join(__dirname, "fixtures", "readinessGate.js"), path.join(scratch, "readinessGate.js"));
                const child = spawn(process.execPath, [path.join(scratch, "readinessGate.js")], {
                    cwd: scratch,
                    env: {
                        ...process.env,
                        AWS_ENDPOINT_URL_SSM: ssm.url,
                        AWS_ACCESS_KEY_ID: "AKIDSTANDIN",
                        AWS_SECRET_ACCESS_KEY: "stand-in",
                    },
                });
                let stdout = "";
                let stderr = "";
                child.stdout.on("data", (chunk) => (stdout += chunk));
                child.stderr.on("data", (chunk) => (stderr += chunk));
                child.on("close", () => resolve({ stdout, stderr }));
            });
            const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
            expect(result.error).toBeUndefined();
            // The project has no @aws-sdk/client-ssm of its own: only the package's copy, required by absolute path.
            expect(fs.existsSync(path.join(scratch, "node_modules", "@aws-sdk"))).toBe(false);
            expect(result.sdkPaths).toEqual([require.resolve("@aws-sdk/client-ssm")]);
            expect(result.created).toEqual({ id: "i-0123456789abcdef0-ready", outs: expect.objectContaining({ result: "ready" }) });
            expect(result.unchanged).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
            expect(ssm.calls.map((call) => call.target)).toEqual(["DescribeInstanceInformation", "SendCommand", "GetCommandInvocation"]);
        } finally {
            await ssm.close();
        }
    }, 60000);

    it("loads both entries under Node, with the values the typings name, and refuses a deep path", () => {
        const script = [
            'const api = require("oxygen-webauthor-ha");',
            'const stackConfig = require("oxygen-webauthor-ha/stack-config");',
            'let deep = "loaded";',
            'try { require("oxygen-webauthor-ha/dist/components/contract/topology"); } catch (e) { deep = e.code; }',
            "console.log(JSON.stringify({ api: Object.keys(api).sort(), stackConfig: Object.keys(stackConfig).sort(), deep }));",
        ].join("\n");
        const run = spawnSync(process.execPath, ["-e", script], { cwd: scratch, encoding: "utf8" });
        expect(run.stderr).toBe("");
        expect(JSON.parse(run.stdout)).toEqual({ api: [...PUBLIC_VALUES].sort(), stackConfig: STACK_CONFIG_VALUES, deep: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
    });
});
