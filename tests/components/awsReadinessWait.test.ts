/**
 * The readiness gate's wait (platforms/aws/readiness/gateProvider.ts) on a fake clock against a scripted SSM, and its
 * SDK adapter against a stand-in client that records the commands the AWS SDK would send.
 */
import {
    awaitLicenseServerReady,
    DELIVERY_TIMEOUT_SECONDS,
    ReadinessClock,
    ReadinessSsm,
    RUN_SHELL_SCRIPT_DOCUMENT,
    sdkReadinessSsm,
} from "../../components/platforms/aws/readiness/gateProvider";

const SDK = require.resolve("@aws-sdk/client-ssm");

const INSTANCE = "i-0123456789abcdef0";
const WAIT = { instanceId: INSTANCE, commands: "#!/bin/sh\necho hi\n", agentSeconds: 300, executionSeconds: 930, pollMs: 10_000 };

function fakeClock(): ReadinessClock & { readonly slept: number[] } {
    let now = 0;
    const slept: number[] = [];
    return {
        slept,
        now: () => now,
        sleep: async (ms) => {
            slept.push(ms);
            now += ms;
        },
    };
}

type Invocation = Awaited<ReturnType<ReadinessSsm["invocation"]>>;

/** An SSM whose agent comes online after `offlineCalls` answers, and whose invocation goes through `invocations`. */
function scriptedSsm(offlineCalls: number, invocations: Invocation[]) {
    const calls: string[] = [];
    let agentCalls = 0;
    let invocationCalls = 0;
    const ssm: ReadinessSsm = {
        agentOnline: async (instanceId) => {
            calls.push(`agentOnline ${instanceId}`);
            return agentCalls++ >= offlineCalls;
        },
        sendCommand: async (instanceId, commands, executionTimeoutSeconds) => {
            calls.push(`sendCommand ${instanceId} ${JSON.stringify(commands)} ${executionTimeoutSeconds}`);
            return "cmd-1";
        },
        invocation: async (commandId, instanceId) => {
            calls.push(`invocation ${commandId} ${instanceId}`);
            return invocations[Math.min(invocationCalls++, invocations.length - 1)];
        },
    };
    return { ssm, calls };
}

const running = { status: "InProgress", stdout: "", stderr: "" };

describe("the readiness gate's wait", () => {
    it("waits for the agent, sends the check once, and passes when the instance's invocation succeeds, with the check's last line", async () => {
        const clock = fakeClock();
        const { ssm, calls } = scriptedSsm(2, [
            undefined,
            running,
            { status: "Success", stdout: "\noxygen-license-server-ready: ready: x answered HTTP 401\n\n", stderr: "" },
        ]);
        await expect(awaitLicenseServerReady(ssm, WAIT, clock)).resolves.toBe("oxygen-license-server-ready: ready: x answered HTTP 401");
        expect(calls).toEqual([
            `agentOnline ${INSTANCE}`,
            `agentOnline ${INSTANCE}`,
            `agentOnline ${INSTANCE}`,
            `sendCommand ${INSTANCE} "#!/bin/sh\\necho hi\\n" 930`,
            `invocation cmd-1 ${INSTANCE}`,
            `invocation cmd-1 ${INSTANCE}`,
            `invocation cmd-1 ${INSTANCE}`,
        ]);
        expect(clock.slept).toEqual([10_000, 10_000, 10_000, 10_000]);
    });

    it("retries a command SSM refuses for the instance right after its agent came online, until the agent's deadline; other errors fail at once", async () => {
        const refusals = (name: string, times: number) => {
            const { ssm, calls } = scriptedSsm(0, [{ status: "Success", stdout: "ok\n", stderr: "" }]);
            let refused = 0;
            const send = ssm.sendCommand;
            ssm.sendCommand = async (...args) => {
                if (refused++ < times) {
                    calls.push("refused");
                    throw Object.assign(new Error(`refused ${refused}`), { name });
                }
                return send(...args);
            };
            return { ssm, calls };
        };
        const clock = fakeClock();
        const once = refusals("InvalidInstanceId", 2);
        await expect(awaitLicenseServerReady(once.ssm, WAIT, clock)).resolves.toBe("ok");
        expect(once.calls.filter((c) => c === "refused" || c.startsWith("sendCommand"))).toEqual([
            "refused",
            "refused",
            expect.stringMatching(/^sendCommand /),
        ]);
        expect(clock.slept).toEqual([10_000, 10_000]);
        const forever = refusals("InvalidInstanceId", Number.POSITIVE_INFINITY);
        const foreverClock = fakeClock();
        await expect(awaitLicenseServerReady(forever.ssm, WAIT, foreverClock)).rejects.toThrow(/^refused \d+$/);
        expect(foreverClock.now()).toBe(300_000);
        const denied = refusals("AccessDeniedException", 1);
        await expect(awaitLicenseServerReady(denied.ssm, WAIT, fakeClock())).rejects.toThrow("refused 1");
        expect(denied.calls.filter((c) => c === "refused")).toEqual(["refused"]);
    });

    it.each(["Failed", "TimedOut", "Cancelled"])("fails on %s with the check's own message (stderr, else stdout)", async (status) => {
        const { ssm } = scriptedSsm(0, [running, { status, stdout: "partial\n", stderr: "oxygen-license-server-ready: the first-boot setup failed\n" }]);
        await expect(awaitLicenseServerReady(ssm, WAIT, fakeClock())).rejects.toThrow(
            `license server ${INSTANCE} is not ready (SSM command cmd-1: ${status}): oxygen-license-server-ready: the first-boot setup failed`,
        );
        const { ssm: quiet } = scriptedSsm(0, [{ status, stdout: "only stdout\n", stderr: "" }]);
        await expect(awaitLicenseServerReady(quiet, WAIT, fakeClock())).rejects.toThrow(/: only stdout$/);
        const { ssm: silent } = scriptedSsm(0, [{ status, stdout: "", stderr: "" }]);
        await expect(awaitLicenseServerReady(silent, WAIT, fakeClock())).rejects.toThrow(/: no output$/);
    });

    it("gives up when the agent never comes online, saying what the instance needs, without sending anything", async () => {
        const clock = fakeClock();
        const { ssm, calls } = scriptedSsm(Number.POSITIVE_INFINITY, [running]);
        await expect(awaitLicenseServerReady(ssm, WAIT, clock)).rejects.toThrow(
            `the SSM agent of ${INSTANCE} did not come online within 300 s, so its readiness check could not run: the private subnets need a route to SSM (a NAT gateway, or interface endpoints for ssm, ssmmessages and ec2messages), or the credentials running \`pulumi up\` are for another account or region than the instance`,
        );
        expect(calls.filter((c) => !c.startsWith("agentOnline"))).toEqual([]);
        expect(clock.now()).toBe(300_000);
    });

    it("gives up a minute after SSM's execution timeout when the invocation never ends, naming the last status", async () => {
        const clock = fakeClock();
        const { ssm } = scriptedSsm(0, [running]);
        await expect(awaitLicenseServerReady(ssm, WAIT, clock)).rejects.toThrow(
            `license server ${INSTANCE}: SSM command cmd-1 had not ended 990 s after it was sent (last status: InProgress)`,
        );
        expect(clock.now()).toBe(990_000);
        const { ssm: unknown } = scriptedSsm(0, [undefined]);
        await expect(awaitLicenseServerReady(unknown, WAIT, fakeClock())).rejects.toThrow(/\(last status: unknown\)$/);
    });
});

describe("the SSM calls over the AWS SDK", () => {
    /** A stand-in `SSMClient`: records each command's class and input, answers from `answers` by class. */
    function recordingSender(answers: Record<string, (input: any) => unknown>) {
        const sent: Array<{ command: string; input: unknown }> = [];
        return {
            sent,
            send: async (command: object) => {
                const name = command.constructor.name;
                const input = (command as { input: unknown }).input;
                sent.push({ command: name, input });
                const answer = answers[name];
                if (answer === undefined) throw new Error(`unexpected ${name}`);
                return answer(input);
            },
        };
    }

    it("asks DescribeInstanceInformation for the one instance, online only when its PingStatus is Online", async () => {
        const answers = [
            { InstanceInformationList: [] },
            { InstanceInformationList: [{ InstanceId: INSTANCE, PingStatus: "ConnectionLost" }] },
            { InstanceInformationList: [{ InstanceId: "i-0fffffffffffffff0", PingStatus: "Online" }] },
            { InstanceInformationList: [{ InstanceId: INSTANCE, PingStatus: "Online" }] },
            {},
        ];
        const sender = recordingSender({ DescribeInstanceInformationCommand: () => answers.shift() });
        const ssm = sdkReadinessSsm(SDK, "eu-west-1", sender);
        const seen = [];
        for (let i = 0; i < 5; i++) seen.push(await ssm.agentOnline(INSTANCE));
        expect(seen).toEqual([false, false, false, true, false]);
        expect(sender.sent[0]).toEqual({ command: "DescribeInstanceInformationCommand", input: { Filters: [{ Key: "InstanceIds", Values: [INSTANCE] }] } });
    });

    it("sends the check through AWS-RunShellScript to that instance, with SSM's execution and delivery timeouts", async () => {
        const sender = recordingSender({ SendCommandCommand: () => ({ Command: { CommandId: "cmd-42" } }) });
        await expect(sdkReadinessSsm(SDK, "eu-west-1", sender).sendCommand(INSTANCE, "#!/bin/sh\ntrue\n", 930)).resolves.toBe("cmd-42");
        expect(RUN_SHELL_SCRIPT_DOCUMENT).toBe("AWS-RunShellScript");
        expect(sender.sent).toEqual([
            {
                command: "SendCommandCommand",
                input: {
                    DocumentName: "AWS-RunShellScript",
                    InstanceIds: [INSTANCE],
                    Parameters: { commands: ["#!/bin/sh\ntrue\n"], executionTimeout: ["930"] },
                    TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
                    Comment: "oxygen-webauthor-ha: license server readiness check",
                },
            },
        ]);
        expect(DELIVERY_TIMEOUT_SECONDS).toBe(600);
        const noId = recordingSender({ SendCommandCommand: () => ({ Command: {} }) });
        await expect(sdkReadinessSsm(SDK, "eu-west-1", noId).sendCommand(INSTANCE, "x", 60)).rejects.toThrow(`returned no command ID`);
    });

    it("reads the instance's invocation, and treats InvocationDoesNotExist (just sent) as not known yet; other errors fail", async () => {
        const answers: Array<() => unknown> = [
            () => {
                throw Object.assign(new Error("not yet"), { name: "InvocationDoesNotExist" });
            },
            () => ({ Status: "Success", StandardOutputContent: "out", StandardErrorContent: "err" }),
            () => ({}),
            () => {
                throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
            },
        ];
        const sender = recordingSender({ GetCommandInvocationCommand: () => (answers.shift() as () => unknown)() });
        const ssm = sdkReadinessSsm(SDK, "eu-west-1", sender);
        await expect(ssm.invocation("cmd-42", INSTANCE)).resolves.toBeUndefined();
        await expect(ssm.invocation("cmd-42", INSTANCE)).resolves.toEqual({ status: "Success", stdout: "out", stderr: "err" });
        await expect(ssm.invocation("cmd-42", INSTANCE)).resolves.toEqual({ status: "", stdout: "", stderr: "" });
        await expect(ssm.invocation("cmd-42", INSTANCE)).rejects.toThrow("denied");
        expect(sender.sent[0]).toEqual({ command: "GetCommandInvocationCommand", input: { CommandId: "cmd-42", InstanceId: INSTANCE } });
    });
});
