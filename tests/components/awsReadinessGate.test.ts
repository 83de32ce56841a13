/**
 * The EC2 license servers' readiness gates, as the AWS platform registers them: one dynamic resource per instance that
 * runs the repository's check on exactly that instance through SSM and that `pulumi up` waits on (its provider, as
 * serialized, runs against a stand-in SSM in tests/real/readinessGateProvider.test.ts), and what waits for it.
 */
import fs from "node:fs";
import path from "node:path";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";

const SCRIPT = fs.readFileSync(path.join(__dirname, "..", "..", "ec2", "license-server", "await-ready.sh"), "utf8");
const SCRIPT_BODY = SCRIPT.slice(SCRIPT.indexOf("\n") + 1);
const ROLES = ["production", "redundancy"] as const;
const GATE_TYPE = "pulumi-nodejs:dynamic:LicenseServerReadinessGate";

async function deploy(values: Record<string, unknown>): Promise<RecordedResource[]> {
    const { config, secretKeys } = asPulumiConfig(values);
    return (await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES)).resources;
}

function named(resources: RecordedResource[], name: string): RecordedResource {
    const found = resources.find((r) => r.name === name);
    if (found === undefined) throw new Error(`no resource ${name}`);
    return found;
}

describe("readiness gates of the EC2 license servers", () => {
    let resources: RecordedResource[];
    beforeAll(async () => {
        resources = await deploy(awsSampleValues());
    });

    it("are one gate per license server, and nothing else of that type", () => {
        expect(
            resources
                .filter((r) => r.type === GATE_TYPE)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["webauthor-production-license-server-ready", "webauthor-redundancy-license-server-ready"]);
    });

    it.each(ROLES)("%s: checks its own instance, in its region, with the repository's check and the defaults", (role) => {
        const gate = named(resources, `webauthor-${role}-license-server-ready`);
        const instance = named(resources, `webauthor-${role}-license-server-instance`);
        const { __provider: provider, ...inputs } = gate.inputs;
        expect(inputs).toEqual({
            instanceId: instance.outputs.id,
            instanceType: "t3.small",
            region: "eu-west-1",
            commands: `#!/bin/sh\nCONTEXT_PATH='oXygenLicenseServlet'\nPORT=8080\nREADY_TIMEOUT_SECONDS=900\n${SCRIPT_BODY}`,
            agentSeconds: 300,
            executionSeconds: 930,
            pollSeconds: 10,
        });
        expect(String(provider)).toMatch(/^exports\.handler = /);
        // Kept small on purpose: the API reference states no limit for one parameter value; 4 KiB is the smallest that
        // SSM applies anywhere (a standard Parameter Store value).
        expect(String(inputs.commands).length).toBeLessThan(4096);
    });

    it.each(ROLES)("%s: is created only after the instance and its data volume's attachment", (role) => {
        const gate = named(resources, `webauthor-${role}-license-server-ready`);
        expect(gate.dependencies).toEqual(
            expect.arrayContaining([`webauthor-${role}-license-server-instance`, `webauthor-${role}-license-server-data-attachment`]),
        );
        expect(gate.parent).toBe(`webauthor-${role}-license-server`);
    });

    it("hold what changes after their license server in the rolling order: redundancy's Web Author waits for redundancy's gate", () => {
        // Redundancy's license server, its gate, redundancy's service, production's service, production's instance.
        expect(named(resources, "webauthor-redundancy-web-author-service").dependencies).toContain("webauthor-redundancy-license-server-ready");
        expect(named(resources, "webauthor-production-web-author-service").dependencies).toContain("webauthor-redundancy-web-author-service");
        expect(named(resources, "webauthor-production-license-server-instance").dependencies).toContain("webauthor-production-web-author-service");
        expect(named(resources, "webauthor-redundancy-license-server-instance").dependencies).not.toContain("webauthor-production-license-server-ready");
        // Production's gate comes last: nothing of either environment waits for it (the failover component waits for
        // both environments whole, so that users are sent only to what exists).
        expect(resources.filter((r) => r.dependencies.includes("webauthor-production-license-server-ready")).map((r) => r.name)).toEqual([
            "webauthor-failover",
        ]);
    });

    it("carry no secret: the check reads nothing but the instance's own HTTP answer", () => {
        const commands = String(named(resources, "webauthor-production-license-server-ready").inputs.commands);
        expect(commands).toContain("READY_TIMEOUT_SECONDS=");
        const secretJsonOf = (role: string) => {
            const versions = resources.filter(
                (r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion" && r.name.startsWith(`webauthor-${role}-license-server`),
            );
            expect(versions).toHaveLength(1);
            const wrapped = versions[0]!.inputs.secretString as { value: string };
            return JSON.parse(wrapped.value) as Record<string, string>;
        };
        for (const role of ROLES) for (const value of Object.values(secretJsonOf(role))) expect(commands).not.toContain(value);
    });

    it("take the timeout and the context path from the config", async () => {
        const values = awsSampleValues();
        const aws = values.aws as Record<string, unknown>;
        const changed = await deploy({
            ...values,
            licenseServer: { ...(values.licenseServer as object), contextPath: "oxygenLicenseServlet" },
            aws: { ...aws, licenseServer: { readyTimeoutSeconds: 120 } },
        });
        const gate = named(changed, "webauthor-redundancy-license-server-ready");
        expect(String(gate.inputs.commands).split("\n").slice(1, 4)).toEqual(["CONTEXT_PATH='oxygenLicenseServlet'", "PORT=8080", "READY_TIMEOUT_SECONDS=120"]);
        expect(gate.inputs.executionSeconds).toBe(150);
    });

    it("check again after an instance type change, which EC2 applies in place with a stop and a start", async () => {
        const values = awsSampleValues();
        const changed = await deploy({ ...values, aws: { ...(values.aws as object), licenseServer: { instanceType: "t3.medium" } } });
        for (const role of ROLES) {
            const instance = named(changed, `webauthor-${role}-license-server-instance`);
            expect([instance.inputs.instanceType, named(changed, `webauthor-${role}-license-server-ready`).inputs.instanceType]).toEqual([
                "t3.medium",
                "t3.medium",
            ]);
        }
    });

    it("do not exist for external license servers (nothing of ours to wait for)", async () => {
        const values = awsSampleValues();
        const external = await deploy({
            ...values,
            licenseServer: { mode: "external" },
            licenseServerAdminPassword: undefined,
            production: { licenseServerUrl: "http://license-production.example.com:8080/oXygenLicenseServlet/license-servlet" },
            redundancy: { licenseServerUrl: "http://license-redundancy.example.com:8080/oXygenLicenseServlet/license-servlet" },
        });
        expect(external.filter((r) => r.type === GATE_TYPE)).toEqual([]);
        expect(external.filter((r) => r.type === "aws:ec2/instance:Instance")).toEqual([]);
    });
});
