/**
 * The readiness gate's wait, as plain logic over the three SSM calls it needs (so it is tested against a fake SSM):
 * 1. until the instance's SSM agent is online (a new instance's agent registers a while after EC2 reports it running;
 *    a command sent before that is refused);
 * 2. run the check on that instance (`AWS-RunShellScript`, the repository's `ec2/license-server/await-ready.sh`);
 * 3. until that instance's invocation of it ends: success passes the gate, anything else fails it with the check's
 *    own last line.
 *
 * Not SSM State Manager's `waitForSuccessTimeoutSeconds`: an association created before the agent registered can
 * report success at once, with nothing run (hashicorp/terraform-provider-aws#31175, open).
 */

/** The SSM calls the wait makes, for one region. */
export interface ReadinessSsm {
    /** Whether the instance is a managed node whose agent answers (`DescribeInstanceInformation`, `PingStatus` Online). */
    agentOnline(instanceId: string): Promise<boolean>;
    /** Runs `commands` on the instance through `AWS-RunShellScript` (`SendCommand`); the command's ID. */
    sendCommand(instanceId: string, commands: string, executionTimeoutSeconds: number): Promise<string>;
    /**
     * The instance's invocation of the command (`GetCommandInvocation`), or undefined while SSM does not know it yet
     * (`InvocationDoesNotExist` right after sending).
     */
    invocation(commandId: string, instanceId: string): Promise<{ readonly status: string; readonly stdout: string; readonly stderr: string } | undefined>;
}

/** The clock the wait runs on (the tests run it on a fake one). */
export interface ReadinessClock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: ReadinessClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface ReadinessWait {
    readonly instanceId: string;
    /** The check as AWS-RunShellScript's `commands` (contract/licenseServerReadiness.ts, `renderReadinessCheck`). */
    readonly commands: string;
    /** Longest wait for the agent to come online, seconds. */
    readonly agentSeconds: number;
    /** SSM's `executionTimeout` of the check, seconds (it gives up on its own a little earlier, with its message). */
    readonly executionSeconds: number;
    /** Between two SSM calls, ms. */
    readonly pollMs: number;
}

/**
 * Invocation statuses that end it; `Success` is the only one that passes. An array, not a Set: this code runs inside
 * the serialized dynamic provider, and Pulumi's closure serialization does not carry a Set's entries.
 */
const ENDED: readonly string[] = ["Success", "Cancelled", "TimedOut", "Failed"];

/** The last non-empty line of a text (the check prints one line saying why). */
function lastLine(text: string): string {
    return (
        text
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .pop() ?? ""
    );
}

/** Waits until the check passed on the instance; throws, saying why, if it did not. Resolves to the check's last line. */
export async function awaitLicenseServerReady(ssm: ReadinessSsm, wait: ReadinessWait, clock: ReadinessClock = REAL_CLOCK): Promise<string> {
    const agentDeadline = clock.now() + wait.agentSeconds * 1000;
    while (!(await ssm.agentOnline(wait.instanceId))) {
        if (clock.now() >= agentDeadline) {
            throw new Error(
                `the SSM agent of ${wait.instanceId} did not come online within ${wait.agentSeconds} s, so its readiness check could not run: ` +
                    "the private subnets need a route to SSM (a NAT gateway, or interface endpoints for ssm, ssmmessages and ec2messages)",
            );
        }
        await clock.sleep(wait.pollMs);
    }
    const commandId = await ssm.sendCommand(wait.instanceId, wait.commands, wait.executionSeconds);
    // SSM stops the check after executionSeconds; a minute more covers delivery and the last status update.
    const checkDeadline = clock.now() + (wait.executionSeconds + 60) * 1000;
    for (;;) {
        const invocation = await ssm.invocation(commandId, wait.instanceId);
        if (invocation !== undefined && ENDED.includes(invocation.status)) {
            if (invocation.status === "Success") return lastLine(invocation.stdout);
            const why = lastLine(invocation.stderr) || lastLine(invocation.stdout) || "no output";
            throw new Error(`license server ${wait.instanceId} is not ready (SSM command ${commandId}: ${invocation.status}): ${why}`);
        }
        if (clock.now() >= checkDeadline) {
            throw new Error(
                `license server ${wait.instanceId}: SSM command ${commandId} had not ended ${wait.executionSeconds + 60} s after it was sent (last status: ${invocation?.status ?? "unknown"})`,
            );
        }
        await clock.sleep(wait.pollMs);
    }
}
