/**
 * The readiness gate's provider: everything `pulumi up` runs when it creates a gate, in one module that refers to
 * nothing outside itself but `@aws-sdk/client-ssm` (loaded by absolute path). Pulumi serializes the provider's
 * functions with whatever they capture; a binding imported from another module of this package would be written as a
 * `require` of that module's path inside the installed package, which the package's `exports` do not allow (and which
 * would have to stay valid for as long as a stack holds the serialized text). So: function declarations and
 * module-private constants only, referred to by name; the exported constants below are copies for tests and docs.
 *
 * What `create` does:
 * 1. until the instance's SSM agent is online (a new instance's agent registers a while after EC2 reports it running;
 *    a command sent before that is refused);
 * 2. run the check on that instance (`AWS-RunShellScript`, the repository's `ec2/license-server/await-ready.sh`);
 * 3. until that instance's invocation of it ends: success passes the gate, anything else fails it with the check's
 *    own last line.
 *
 * Not SSM State Manager's `waitForSuccessTimeoutSeconds`: its wait can return before the association has run on the
 * instance, reported for associations created while the instance was starting (hashicorp/terraform-provider-aws#31175).
 */
import type * as pulumi from "@pulumi/pulumi";

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

/** The wall clock. */
function realClock(): ReadinessClock {
    return { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}

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

/**
 * Sends the check. Right after an agent reports online, SSM may still refuse the instance (`InvalidInstanceId`) for a
 * moment: that is retried until the agent's deadline; any other error fails at once.
 */
async function sendOnceAccepted(ssm: ReadinessSsm, wait: ReadinessWait, clock: ReadinessClock, agentDeadline: number): Promise<string> {
    for (;;) {
        try {
            return await ssm.sendCommand(wait.instanceId, wait.commands, wait.executionSeconds);
        } catch (error) {
            if ((error as { name?: string }).name !== "InvalidInstanceId" || clock.now() >= agentDeadline) throw error;
            await clock.sleep(wait.pollMs);
        }
    }
}

/** Waits until the check passed on the instance; throws, saying why, if it did not. Resolves to the check's last line. */
export async function awaitLicenseServerReady(ssm: ReadinessSsm, wait: ReadinessWait, clock: ReadinessClock = realClock()): Promise<string> {
    const agentDeadline = clock.now() + wait.agentSeconds * 1000;
    while (!(await ssm.agentOnline(wait.instanceId))) {
        if (clock.now() >= agentDeadline) {
            throw new Error(
                `the SSM agent of ${wait.instanceId} did not come online within ${wait.agentSeconds} s, so its readiness check could not run: ` +
                    "the private subnets need a route to SSM (a NAT gateway, or interface endpoints for ssm, ssmmessages and ec2messages), " +
                    "or the credentials running `pulumi up` are for another account or region than the instance",
            );
        }
        await clock.sleep(wait.pollMs);
    }
    const commandId = await sendOnceAccepted(ssm, wait, clock, agentDeadline);
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

/** AWS's document that runs shell commands on Linux managed nodes. */
const SHELL_DOCUMENT = "AWS-RunShellScript";
/** How long SSM may take to deliver the command to the agent before giving up on it, seconds (`SendCommand`'s `TimeoutSeconds`). */
const DELIVERY_SECONDS = 600;
/** The longest one SSM request may take, and its connection, ms: the SDK's default is no limit, so a stalled endpoint would hold `pulumi up` for ever. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 10_000;

export const RUN_SHELL_SCRIPT_DOCUMENT = SHELL_DOCUMENT;
export const DELIVERY_TIMEOUT_SECONDS = DELIVERY_SECONDS;

/** The part of the AWS SDK's `SSMClient` the gate uses: `send` of a command object. */
export interface SsmSender {
    send(command: object): Promise<unknown>;
}

/**
 * The gate's SSM calls over the AWS SDK (v3, `@aws-sdk/client-ssm`, loaded from `sdkPath`), in `region`, with the
 * SDK's default credentials (environment, profile, SSO, role: whoever runs `pulumi up`). `sender`: a stand-in
 * client, for tests.
 */
export function sdkReadinessSsm(sdkPath: string, region: string, sender?: SsmSender): ReadinessSsm {
    // By absolute path: the provider runs from the project's directory, where the SDK may not be (pnpm, nested installs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(sdkPath) as typeof import("@aws-sdk/client-ssm");
    const client: SsmSender =
        sender ??
        new sdk.SSMClient({ region, maxAttempts: 5, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS } });
    return {
        async agentOnline(instanceId) {
            const out = (await client.send(
                new sdk.DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [instanceId] }] }),
            )) as import("@aws-sdk/client-ssm").DescribeInstanceInformationCommandOutput;
            return (out.InstanceInformationList ?? []).some((node) => node.InstanceId === instanceId && node.PingStatus === "Online");
        },
        async sendCommand(instanceId, commands, executionTimeoutSeconds) {
            const out = (await client.send(
                new sdk.SendCommandCommand({
                    DocumentName: SHELL_DOCUMENT,
                    InstanceIds: [instanceId],
                    Parameters: { commands: [commands], executionTimeout: [String(executionTimeoutSeconds)] },
                    TimeoutSeconds: DELIVERY_SECONDS,
                    Comment: "oxygen-webauthor-ha: license server readiness check",
                }),
            )) as import("@aws-sdk/client-ssm").SendCommandCommandOutput;
            const commandId = out.Command?.CommandId;
            if (commandId === undefined) throw new Error(`SSM accepted the readiness check for ${instanceId} but returned no command ID`);
            return commandId;
        },
        async invocation(commandId, instanceId) {
            try {
                const out = (await client.send(
                    new sdk.GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
                )) as import("@aws-sdk/client-ssm").GetCommandInvocationCommandOutput;
                return { status: out.Status ?? "", stdout: out.StandardOutputContent ?? "", stderr: out.StandardErrorContent ?? "" };
            } catch (error) {
                // Right after SendCommand, SSM may not know the invocation yet.
                if ((error as { name?: string }).name === "InvocationDoesNotExist") return undefined;
                throw error;
            }
        },
    };
}

/** What the readiness gate is given; every field is an input of the resource (a change replaces the gate). */
export interface LicenseServerReadinessArgs {
    /** The instance to check. A new instance (a replacement) makes a new gate, hence a new check. */
    readonly instanceId: pulumi.Input<string>;
    /**
     * The instance's type. EC2 changes it in place, with a stop and a start of the same instance: a change makes a new
     * gate, which checks the restarted instance.
     */
    readonly instanceType: pulumi.Input<string>;
    /** The instance's region (where its SSM agent registers). */
    readonly region: pulumi.Input<string>;
    /** The check, as AWS-RunShellScript's `commands` (`renderReadinessCheck`). */
    readonly commands: pulumi.Input<string>;
    /** Longest wait for the instance's SSM agent to come online, seconds. */
    readonly agentSeconds: pulumi.Input<number>;
    /** SSM's `executionTimeout` of the check, seconds. */
    readonly executionSeconds: pulumi.Input<number>;
    /** Between two SSM calls, seconds. */
    readonly pollSeconds: pulumi.Input<number>;
}

type ReadinessProps = { readonly [K in keyof LicenseServerReadinessArgs]: pulumi.Unwrap<LicenseServerReadinessArgs[K]> };

/** The inputs whose change makes a new gate (a new check), which is all of them. */
function gateInputs(): ReadonlyArray<keyof ReadinessProps> {
    return ["instanceId", "instanceType", "region", "commands", "agentSeconds", "executionSeconds", "pollSeconds"];
}

/**
 * Where this package's AWS SDK for SSM is, resolved here (where this package's own `require` works) and carried into
 * the serialized provider as text. It differs between machines; `diff` never compares it.
 */
const SDK_PATH = require.resolve("@aws-sdk/client-ssm");

/**
 * The gate's provider. `create` waits until the check passed on the instance, or fails `pulumi up` with the check's
 * own message (nothing is recorded then, so the next `pulumi up` checks again). There is no `update`: any change
 * replaces the gate, that is, checks again. Deleting a gate deletes nothing in AWS.
 * @internal
 */
export const readinessProvider: pulumi.dynamic.ResourceProvider = {
    async create(props: ReadinessProps) {
        const result = await awaitLicenseServerReady(sdkReadinessSsm(SDK_PATH, props.region), {
            instanceId: props.instanceId,
            commands: props.commands,
            agentSeconds: props.agentSeconds,
            executionSeconds: props.executionSeconds,
            pollMs: props.pollSeconds * 1000,
        });
        return { id: `${props.instanceId}-ready`, outs: { ...props, result } };
    },
    async diff(_id: string, olds: ReadinessProps, news: ReadinessProps) {
        const replaces = gateInputs().filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
};
