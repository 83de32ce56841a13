/**
 * The stack program (`stacks/program.ts`, what `pulumi up` runs) under Pulumi's mocks, and what it registered, with
 * secret Outputs unwrapped: the only source of inputs for the artifacts the system tests start.
 */
import { deployStack } from "../../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../../helpers/pulumiMocks";
import { AWS_INVOKES } from "../../helpers/sampleConfig";
import type { StackConfig } from "../configs";

export interface Registered {
    readonly type: string;
    readonly name: string;
    /** Inputs as registered, secrets unwrapped. */
    readonly inputs: Record<string, any>;
    /** What the (mock) provider answered: `id` and the computed state. */
    readonly outputs: Record<string, any>;
    /** Name of the provider resource (`""`: the default provider). */
    readonly providerName: string;
}

export class RegisteredStack {
    constructor(readonly resources: readonly Registered[]) {}

    ofType(type: string): Registered[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of `type` whose outputs have `key` = `value` (e.g. the image whose `imageId` a container names). */
    withOutput(type: string, key: string, value: unknown): Registered {
        const found = this.ofType(type).filter((r) => r.outputs[key] === value);
        if (found.length !== 1) throw new Error(`expected one ${type} with ${key} = ${String(value)}, found ${found.length}`);
        return found[0] as Registered;
    }

    /** The provider resource a resource was registered with. */
    providerOf(resource: Registered): Registered | undefined {
        return this.resources.find((r) => r.type.startsWith("pulumi:providers:") && r.name === resource.providerName);
    }
}

function plain(resource: RecordedResource): Registered {
    // Provider references are `urn::id`; the URN ends with the provider's name.
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    return {
        type: resource.type,
        name: resource.name,
        inputs: unwrapSecrets(resource.inputs) as Record<string, any>,
        outputs: unwrapSecrets(resource.outputs) as Record<string, any>,
        providerName: urn === "" ? "" : (urn.split("::").pop() as string),
    };
}

/** Runs the stack program with `stack`'s config, answering the AWS lookups as AWS would. */
export async function registeredStack(stack: StackConfig): Promise<RegisteredStack> {
    const { resources } = await runProgram(() => deployStack(), stack.config, stack.secretKeys, [], AWS_INVOKES);
    return new RegisteredStack(resources.map(plain));
}
