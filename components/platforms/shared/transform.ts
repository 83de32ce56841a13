import * as pulumi from "@pulumi/pulumi";

/**
 * What a transform may return instead of editing in place: a `Partial` of the child's args (merged over them) and
 * resource options (merged over the child's own; `aliases`, `ignoreChanges` and `dependsOn` are added to the
 * child's, never replace them).
 */
export interface TransformResult<Args> {
    readonly args?: Partial<Args>;
    readonly opts?: pulumi.CustomResourceOptions;
}

/**
 * Per-child escape hatch (the habit of SST's components): a user adjusts one child's arguments or resource options
 * without forking the component. A transform receives the args, the options the component gives the child (its
 * parent, aliases, `retainOnDelete`, `dependsOn`, …) and the child's logical name, and either
 * - edits `args` and `opts` in place and returns nothing,
 * - returns `{ args?: Partial<Args>, opts?: CustomResourceOptions }` (an object with only those keys), or
 * - returns new args whole (the original form: `(args) => ({ ...args, x })`).
 */
export type Transform<Args> = (args: Args, opts: pulumi.CustomResourceOptions, name: string) => Args | TransformResult<Args> | void;

const RESULT_KEYS = new Set(["args", "opts"]);

/** Whether a transform returned `{ args?, opts? }` rather than new args (no child's args has only those keys). */
function isResult<Args>(value: Args | TransformResult<Args>): value is TransformResult<Args> {
    const keys = Object.keys(value as object);
    return keys.length > 0 && keys.every((key) => RESULT_KEYS.has(key));
}

type DependsOn = pulumi.CustomResourceOptions["dependsOn"];

function dependencies(value: DependsOn): DependsOn[] | undefined {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value as DependsOn[];
    return pulumi.Resource.isInstance(value) ? [value] : undefined;
}

/**
 * The child's options with a transform's merged over them: lists are joined, everything else replaced.
 * @internal
 */
export function mergeOptions(base: pulumi.CustomResourceOptions, extra: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
    if (extra === undefined) return base;
    const merged: pulumi.CustomResourceOptions = { ...base, ...extra };
    if (base.aliases !== undefined || extra.aliases !== undefined) merged.aliases = [...(base.aliases ?? []), ...(extra.aliases ?? [])];
    if (base.ignoreChanges !== undefined || extra.ignoreChanges !== undefined) {
        merged.ignoreChanges = [...new Set([...(base.ignoreChanges ?? []), ...(extra.ignoreChanges ?? [])])];
    }
    const [ours, theirs] = [dependencies(base.dependsOn), dependencies(extra.dependsOn)];
    // An Output of resources cannot be joined without registering inside an apply: the transform's then wins.
    if (ours !== undefined && theirs !== undefined && base.dependsOn !== undefined && extra.dependsOn !== undefined) {
        merged.dependsOn = [...ours, ...theirs] as pulumi.Input<pulumi.Resource>[];
    }
    return merged;
}

/**
 * Applies an optional transform to a child's args and options.
 * @internal
 */
export function transformed<Args>(
    transform: Transform<Args> | undefined,
    args: Args,
    opts: pulumi.CustomResourceOptions,
    name: string,
): { args: Args; opts: pulumi.CustomResourceOptions } {
    if (transform === undefined) return { args, opts };
    // The transform may edit these in place; the component's own objects stay untouched.
    const own = { args: { ...args }, opts: { ...opts } };
    const result = transform(own.args, own.opts, name);
    if (result === undefined || result === null) return own;
    if (isResult(result)) return { args: { ...own.args, ...result.args }, opts: mergeOptions(own.opts, result.opts) };
    return { args: result, opts: own.opts };
}

/**
 * Registers one child through its transform slot: `new Kind(name, args, opts)` after the transform has run.
 * @internal
 */
export function createChild<Args, Child>(
    kind: new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => Child,
    name: string,
    args: Args,
    opts: pulumi.CustomResourceOptions,
    transform: Transform<Args> | undefined,
): Child {
    const child = transformed(transform, args, opts, name);
    return new kind(name, child.args, child.opts);
}
