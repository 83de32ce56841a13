/**
 * Runs Pulumi programs under the SDK's runtime mocks and records every registered resource and invoke. An invoke the
 * test did not model fails the run: a new one appearing means a new dependency on the cloud that the tests do not
 * cover.
 */
import * as pulumi from "@pulumi/pulumi";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** Inputs as the engine receives them; secret values appear wrapped as `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
    readonly inputs: Record<string, unknown>;
    /** Provider reference (`urn::id`), or "" for the default provider. */
    readonly provider: string;
    readonly custom: boolean;
    /** The `retainOnDelete` resource option, read from the registration request. */
    readonly retainOnDelete: boolean;
    /** Name of the parent resource (the last segment of the parent URN), or "" for the stack itself. */
    readonly parent: string;
    /** The `deleteBeforeReplace` and `ignoreChanges` resource options, read from the registration request. */
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    /** The `replaceOnChanges` resource option, read from the registration request. */
    readonly replaceOnChanges: readonly string[];
    /** The `protect` resource option, read from the registration request. */
    readonly protect: boolean;
    /** Names of the resources this one depends on (`dependsOn` and Output inputs), from the registration request. */
    readonly dependencies: readonly string[];
    /** What the mock answered as the provider would: `id` and the output state (computed values, then the inputs). */
    readonly outputs: Readonly<Record<string, unknown>>;
    /** The resource's URN (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`), as the engine would make it. */
    readonly urn: string;
    /** The parent's URN, or "" for the stack itself. */
    readonly parentUrn: string;
    /** The `aliases` option as the engine receives it, each resolved to the URN it names (name, type and parent filled in). */
    readonly aliases: readonly string[];
}

/**
 * A URN as the engine makes it: the parent's whole type chain, then the type, then the name. (The SDK's mock monitor
 * keeps only the parent's last type, so the mocks translate its URNs into these.)
 */
export function urnOf(parentUrn: string, type: string, name: string): string {
    const qualified = parentUrn ? `${parentUrn.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** The URN the SDK's mock monitor gives a resource (runtime/mocks.js, newUrn). */
function mockUrnOf(parentUrn: string, type: string, name: string): string {
    const qualified = parentUrn ? `${(parentUrn.split("::")[2] ?? "").split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** The last segment of a URN's type chain (the resource's own type). */
function typeOfUrn(urn: string): string {
    return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/** Answers for the invokes a test models, by token (e.g. `aws:ec2/getAmi:getAmi`). */
export type InvokeMocks = Record<string, (inputs: Record<string, any>) => Record<string, unknown>>;

export interface RecordedInvoke {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
    readonly provider: string;
}

/**
 * Outputs a cloud provider would compute, so that programs reading them (ARNs, DNS names, IPs) see plausible values.
 * Deterministic: derived from the resource's name only.
 */
function computedState(type: string, name: string): Record<string, unknown> {
    const account = "123456789012";
    return {
        arn: `arn:aws:mock:eu-west-1:${account}:${type.split(":")[1] ?? "resource"}/${name}`,
        dnsName: `${name}.eu-west-1.elb.amazonaws.com`,
        zoneId:
            type === "aws:route53/zone:Zone"
                ? `Z${name
                      .replace(/[^A-Za-z0-9]/g, "")
                      .toUpperCase()
                      .slice(0, 20)}`
                : "Z32O12XQLNTSW2",
        privateIp: "10.40.128.10",
        repositoryUrl: `${account}.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
        registryId: account,
        versionId: `${name}-version-1`,
    };
}

/** The SDK's wire signature of a secret value (rpc.ts: specialSigKey / specialSecretSig). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretWrapper(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

export interface ProgramRun<T> {
    readonly resources: RecordedResource[];
    readonly result: T;
}

/** Waits until no new resource has been registered for several event-loop turns. */
async function settle(count: () => number): Promise<void> {
    let stableTurns = 0;
    let last = -1;
    for (let turn = 0; turn < 5000 && stableTurns < 50; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        const now = count();
        stableTurns = now === last ? stableTurns + 1 : 0;
        last = now;
    }
}

/**
 * Sets the config (with the secret keys Pulumi would mark), installs fresh mocks, runs `program` and returns every
 * resource it registered. If the program throws, the error propagates and `resourcesSoFar` tells what got registered.
 */
export async function runProgram<T>(
    program: () => T,
    config: Record<string, string> = {},
    secretKeys: string[] = [],
    recorder: RecordedResource[] = [],
    invokeMocks: InvokeMocks = {},
    invokes: RecordedInvoke[] = [],
): Promise<ProgramRun<T>> {
    pulumi.runtime.setAllConfig(config, secretKeys);
    // Resource options do not reach the mocks' newResource; read them from the registration request itself.
    const retained = new Set<string>();
    const replacedFirst = new Set<string>();
    const protectedOnes = new Set<string>();
    const ignored = new Map<string, string[]>();
    const replacedOnChanges = new Map<string, string[]>();
    const dependencies = new Map<string, string[]>();
    const parents = new Map<string, string>();
    const parentUrns = new Map<string, string>();
    const aliases = new Map<string, string[]>();
    const engineUrns = new Map<string, string>();
    const unmodelled: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const id = `${args.name}-id`;
                const state = { ...computedState(args.type, args.name), ...args.inputs, name: args.inputs.name ?? args.name, imageId: `sha256:${args.name}` };
                recorder.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider ?? "",
                    custom: args.custom ?? true,
                    retainOnDelete: retained.has(`${args.type}::${args.name}`),
                    parent: parents.get(`${args.type}::${args.name}`) ?? "",
                    deleteBeforeReplace: replacedFirst.has(`${args.type}::${args.name}`),
                    ignoreChanges: ignored.get(`${args.type}::${args.name}`) ?? [],
                    replaceOnChanges: replacedOnChanges.get(`${args.type}::${args.name}`) ?? [],
                    protect: protectedOnes.has(`${args.type}::${args.name}`),
                    dependencies: dependencies.get(`${args.type}::${args.name}`) ?? [],
                    outputs: { ...state, id },
                    urn: urnOf(parentUrns.get(`${args.type}::${args.name}`) ?? "", args.type, args.name),
                    parentUrn: parentUrns.get(`${args.type}::${args.name}`) ?? "",
                    aliases: aliases.get(`${args.type}::${args.name}`) ?? [],
                });
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider ?? "" });
                const answer = invokeMocks[args.token];
                if (answer === undefined) {
                    // Answer empty and fail the run when it settles: throwing here would only surface as unhandled
                    // rejections in whatever Outputs depend on the invoke.
                    unmodelled.push(args.token);
                    return {};
                }
                return answer(args.inputs);
            },
        },
        "oxygen-webauthor-ha",
        "test",
        true,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: unknown) => unknown };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: unknown) => {
        const key = `${req.getType()}::${req.getName()}`;
        if (req.getRetainondelete()) retained.add(key);
        if (req.getDeletebeforereplace()) replacedFirst.add(key);
        if (req.getProtect()) protectedOnes.add(key);
        ignored.set(key, req.getIgnorechangesList());
        replacedOnChanges.set(key, req.getReplaceonchangesList());
        dependencies.set(
            key,
            (req.getDependenciesList() as string[]).map((urn) => urn.slice(urn.lastIndexOf("::") + 2)),
        );
        const parentUrn: string = req.getParent() ?? "";
        // The engine's URNs: the stack's children have no parent type; a component's children carry its whole chain.
        const engineUrn = (mockParent: string) =>
            mockParent === "" || mockParent.includes("::pulumi:pulumi:Stack::") ? "" : (engineUrns.get(mockParent) ?? mockParent);
        const parentEngineUrn = engineUrn(parentUrn);
        parentUrns.set(key, parentEngineUrn);
        engineUrns.set(mockUrnOf(parentUrn, req.getType(), req.getName()), urnOf(parentEngineUrn, req.getType(), req.getName()));
        aliases.set(
            key,
            (req.getAliasesList?.() ?? []).map((alias: any) => {
                if (alias.getUrn()) return alias.getUrn() as string;
                const spec = alias.getSpec();
                const aliasParent = spec.getNoparent() ? "" : spec.getParenturn() ? engineUrn(spec.getParenturn()) : parentEngineUrn;
                return urnOf(aliasParent, spec.getType() || req.getType(), spec.getName() || req.getName());
            }),
        );
        // The stack itself is the root; its children count as parentless.
        if (parentUrn && !parentUrn.includes("pulumi:pulumi:Stack")) parents.set(key, parentUrn.slice(parentUrn.lastIndexOf("::") + 2));
        return register(req, cb);
    };
    // The SDK captures a stack trace for every promise it makes (runtime/debuggable.ts), and the test runner's source
    // maps make each one costly; two frames are plenty for the mocks' purposes, and halve the run time.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 2;
    let result: T;
    try {
        result = program();
        await settle(() => recorder.length + invokes.length);
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    if (unmodelled.length > 0) {
        throw new Error(`the program made invokes the tests do not model: ${[...new Set(unmodelled)].join(", ")}`);
    }
    return { resources: recorder, result };
}

/**
 * Every URN under which the engine would find `resource`'s old state: its own URN, its aliases, and (as the engine
 * does for children) its URN and aliases re-parented under each of its parent's own old URNs.
 */
export function urnsClaimedBy(resource: RecordedResource, all: readonly RecordedResource[]): Set<string> {
    const byUrn = new Map(all.map((r) => [r.urn, r]));
    const claimed = (r: RecordedResource): Set<string> => {
        const own = new Set([r.urn, ...r.aliases]);
        const parent = byUrn.get(r.parentUrn);
        if (parent === undefined) return own;
        const names = [...own].map((urn) => ({ type: typeOfUrn(urn), name: urn.slice(urn.lastIndexOf("::") + 2) }));
        for (const parentUrn of claimed(parent)) {
            if (parentUrn === r.parentUrn) continue;
            for (const { type, name } of names) own.add(urnOf(parentUrn, type, name));
        }
        return own;
    };
    return claimed(resource);
}

/** The value of an Output (test helper; the mocks resolve every Output). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Walks every string in `value`, telling whether it sits inside a secret wrapper. */
export function visitStrings(value: unknown, visit: (text: string, insideSecret: boolean, path: string) => void, insideSecret = false, path = ""): void {
    if (typeof value === "string") {
        visit(value, insideSecret, path);
    } else if (isSecretWrapper(value)) {
        visitStrings(value.value, visit, true, path);
    } else if (Array.isArray(value)) {
        value.forEach((item, i) => visitStrings(item, visit, insideSecret, `${path}[${i}]`));
    } else if (typeof value === "object" && value !== null) {
        for (const [key, item] of Object.entries(value)) visitStrings(item, visit, insideSecret, path ? `${path}.${key}` : key);
    }
}

/** Plain (unwrapped) view of inputs: secret wrappers replaced by their values. */
export function unwrapSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}
