import type { ReadinessSsm } from "./awaitReady";

/** AWS's document that runs shell commands on Linux managed nodes. */
export const RUN_SHELL_SCRIPT_DOCUMENT = "AWS-RunShellScript";

/** How long SSM may take to deliver the command to the agent before giving up on it, seconds (`SendCommand`'s `TimeoutSeconds`). */
export const DELIVERY_TIMEOUT_SECONDS = 600;

/** The part of the AWS SDK's `SSMClient` the gate uses: `send` of a command object. */
export interface SsmSender {
    send(command: object): Promise<unknown>;
}

/**
 * The gate's SSM calls over the AWS SDK (v3, `@aws-sdk/client-ssm`), in `region`, with the SDK's default credentials
 * (environment, profile, SSO, role: whoever runs `pulumi up`). `sender`: a stand-in client, for tests.
 */
export function sdkReadinessSsm(region: string, sender?: SsmSender): ReadinessSsm {
    // Loaded here, not at the top: this runs inside the serialized dynamic provider, where a module-level import would
    // be captured and serialized.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
    const client: SsmSender = sender ?? new sdk.SSMClient({ region });
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
                    DocumentName: RUN_SHELL_SCRIPT_DOCUMENT,
                    InstanceIds: [instanceId],
                    Parameters: { commands: [commands], executionTimeout: [String(executionTimeoutSeconds)] },
                    TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
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
