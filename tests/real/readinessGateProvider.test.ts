/**
 * The readiness gate's dynamic provider as `pulumi up` runs it: the `__provider` text the stack program registered
 * (Pulumi's closure serialization of platforms/aws/licenseServerReadiness.ts), loaded the way Pulumi's dynamic
 * provider host loads it (`require-from-string`, then `handler()`), called with the gate's registered inputs, and
 * talking through the real AWS SDK to a stand-in SSM endpoint on 127.0.0.1 (AWS's JSON 1.1 protocol,
 * `AWS_ENDPOINT_URL_SSM`). The stand-in records every call and answers as SSM would.
 */
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";
import { SsmCall, standInSsm } from "../helpers/standInSsm";

const requireFromString = require("require-from-string") as (code: string) => any;
/**
 * The environment of the Node process itself, which the provider's code (compiled outside Jest's sandbox, as in the
 * provider host) reads; Jest gives the test a copy.
 */
const hostEnv = requireFromString("module.exports = process.env;") as NodeJS.ProcessEnv;
const STAND_IN_ENV = ["AWS_ENDPOINT_URL_SSM", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_EC2_METADATA_DISABLED"] as const;

describe("the readiness gate's provider, serialized as registered, against a stand-in SSM", () => {
    let gate: RecordedResource;
    let instance: RecordedResource;
    let provider: any;

    beforeAll(async () => {
        const { config, secretKeys } = asPulumiConfig(awsSampleValues());
        const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES);
        gate = resources.find((r) => r.name === "webauthor-redundancy-license-server-ready") as RecordedResource;
        instance = resources.find((r) => r.name === "webauthor-redundancy-license-server-instance") as RecordedResource;
        provider = requireFromString(String(gate.inputs.__provider)).handler();
    });

    afterEach(() => {
        for (const key of STAND_IN_ENV) delete hostEnv[key];
    });

    /** The gate's registered inputs, as the engine hands them to `create` (the serialized provider included). */
    const props = () => ({ ...gate.inputs });

    async function createAgainst(answers: Record<string, Array<[number, object]>>) {
        const ssm = await standInSsm(answers);
        Object.assign(hostEnv, {
            AWS_ENDPOINT_URL_SSM: ssm.url,
            AWS_ACCESS_KEY_ID: "AKIDSTANDIN",
            AWS_SECRET_ACCESS_KEY: "stand-in",
            AWS_EC2_METADATA_DISABLED: "true",
        });
        try {
            const outcome = await provider.create(props()).then(
                (value: unknown) => ({ value }),
                (error: Error) => ({ error }),
            );
            return { ...outcome, calls: ssm.calls };
        } finally {
            await ssm.close();
        }
    }

    it("checks the registered instance through AWS-RunShellScript with the registered check, and passes on its success", async () => {
        const { value, calls } = (await createAgainst({
            DescribeInstanceInformation: [[200, { InstanceInformationList: [{ InstanceId: instance.outputs.id, PingStatus: "Online" }] }]],
            SendCommand: [[200, { Command: { CommandId: "cmd-7" } }]],
            GetCommandInvocation: [
                [
                    200,
                    {
                        Status: "Success",
                        StandardOutputContent: "oxygen-license-server-ready: ready: http://127.0.0.1:8080/oXygenLicenseServlet/ answered HTTP 401\n",
                    },
                ],
            ],
        })) as { value: { id: string; outs: Record<string, unknown> }; calls: SsmCall[] };
        expect(calls.map((c) => c.target)).toEqual(["DescribeInstanceInformation", "SendCommand", "GetCommandInvocation"]);
        expect(calls[0]?.body).toEqual({ Filters: [{ Key: "InstanceIds", Values: [instance.outputs.id] }] });
        expect(calls[1]?.body).toEqual({
            DocumentName: "AWS-RunShellScript",
            InstanceIds: [instance.outputs.id],
            Parameters: { commands: [gate.inputs.commands], executionTimeout: [String(gate.inputs.executionSeconds)] },
            TimeoutSeconds: 600,
            Comment: "oxygen-webauthor-ha: license server readiness check",
        });
        expect(calls[2]?.body).toEqual({ CommandId: "cmd-7", InstanceId: instance.outputs.id });
        expect(value.id).toBe(`${instance.outputs.id}-ready`);
        expect(value.outs.result).toBe("oxygen-license-server-ready: ready: http://127.0.0.1:8080/oXygenLicenseServlet/ answered HTTP 401");
    });

    it("fails `pulumi up` with the check's own message when the check fails, and waits through an invocation SSM does not know yet", async () => {
        const { error, calls } = (await createAgainst({
            DescribeInstanceInformation: [[200, { InstanceInformationList: [{ InstanceId: instance.outputs.id, PingStatus: "Online" }] }]],
            SendCommand: [[200, { Command: { CommandId: "cmd-8" } }]],
            GetCommandInvocation: [
                [400, { __type: "InvocationDoesNotExist", message: "not yet" }],
                [
                    200,
                    {
                        Status: "Failed",
                        StandardErrorContent:
                            "oxygen-license-server-ready: the first-boot setup failed (cloud-init status exit 1); see /var/log/cloud-init-output.log\n",
                    },
                ],
            ],
        })) as { error: Error; calls: SsmCall[] };
        expect(error.message).toBe(
            `license server ${instance.outputs.id} is not ready (SSM command cmd-8: Failed): oxygen-license-server-ready: the first-boot setup failed (cloud-init status exit 1); see /var/log/cloud-init-output.log`,
        );
        expect(calls.map((c) => c.target)).toEqual(["DescribeInstanceInformation", "SendCommand", "GetCommandInvocation", "GetCommandInvocation"]);
    }, 30_000);

    it("replaces the gate (checks again) when any input changes, and reports no change otherwise", async () => {
        const olds = props();
        await expect(provider.diff(`${instance.outputs.id}-ready`, olds, props())).resolves.toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: true,
        });
        await expect(provider.diff("x", olds, { ...props(), instanceId: "i-0fedcba9876543210" })).resolves.toEqual({
            changes: true,
            replaces: ["instanceId"],
            deleteBeforeReplace: true,
        });
        await expect(provider.diff("x", olds, { ...props(), commands: "#!/bin/sh\ntrue\n", executionSeconds: 90 })).resolves.toEqual({
            changes: true,
            replaces: ["commands", "executionSeconds"],
            deleteBeforeReplace: true,
        });
    });
});
