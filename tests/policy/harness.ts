/**
 * Runs the real stack program under Pulumi's mocks (tests/helpers/pulumiMocks.ts) and hands its resources to the
 * policies in the shape the policy engine gives them: URNs carrying the parent types, parents as objects, secrets
 * unwrapped, stack policies reading outputs (inputs plus what the provider computed), resource policies inputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AwsTransforms, DockerTransforms } from "../../components";
import type { PolicyResourceLike, Violation } from "../../policy/model";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { AWS_INVOKES } from "../helpers/sampleConfig";
import { crossRegionAwsStack, localStack, prodStack, StackConfig, threeHostStack } from "../system/configs";

export const SHIPPED = { local: localStack, prod: prodStack, threeHosts: threeHostStack, crossRegion: crossRegionAwsStack } as const;
export type StackName = keyof typeof SHIPPED;

export interface PolicyView {
    /** As stack policies see them (outputs). */
    readonly stack: PolicyResourceLike[];
    /** As resource policies see them (inputs). */
    readonly each: PolicyResourceLike[];
}

export function toPolicyView(recorded: readonly RecordedResource[]): PolicyView {
    const byName = new Map(recorded.map((r) => [r.name, r]));
    const chain = (r: RecordedResource): string[] => {
        const parent = r.parent === "" ? undefined : byName.get(r.parent);
        return parent === undefined ? [r.type] : [...chain(parent), r.type];
    };
    const build = (source: "outputs" | "inputs") => {
        const made = new Map<string, PolicyResourceLike & { parent?: PolicyResourceLike }>();
        for (const r of recorded) {
            const props = unwrapSecrets(source === "outputs" && r.custom ? r.outputs : r.custom ? r.inputs : {}) as Record<string, any>;
            made.set(r.name, {
                type: r.type,
                name: r.name,
                urn: `urn:pulumi:test::oxygen-webauthor-ha::${chain(r).join("$")}::${r.name}`,
                props,
                opts: { protect: false, retainOnDelete: r.retainOnDelete },
            });
        }
        for (const r of recorded) {
            const parent = r.parent === "" ? undefined : made.get(r.parent);
            if (parent !== undefined) (made.get(r.name) as { parent?: PolicyResourceLike }).parent = parent;
        }
        return [...made.values()];
    };
    return { stack: build("outputs"), each: build("inputs") };
}

/**
 * Runs a shipped stack's config through the program, with optional component transforms, component options and
 * resources a composing user adds next to it (`additions`).
 */
export async function policyView(
    stack: StackName | StackConfig,
    options: { transforms?: DockerTransforms | AwsTransforms; opts?: pulumi.ComponentResourceOptions; additions?: () => void } = {},
): Promise<PolicyView> {
    const { config, secretKeys } = typeof stack === "string" ? SHIPPED[stack]() : stack;
    const run = await runProgram(
        () => {
            deployStack(options.transforms, options.opts);
            options.additions?.();
        },
        config,
        secretKeys,
        [],
        AWS_INVOKES,
    );
    return toPolicyView(run.resources);
}

/** The messages a list of violations holds (for readable test failures). */
export const messages = (violations: readonly Violation[]) => violations.map((v) => v.message);
