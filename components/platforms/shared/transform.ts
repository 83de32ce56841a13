/**
 * Per-child escape hatch (the habit of SST's components): a user adjusts one child's arguments without forking the
 * component. A transform either edits the args in place or returns new ones.
 */
export type Transform<Args> = (args: Args, name: string) => Args | void;

/**
 * Applies an optional transform to a child's args.
 * @internal
 */
export function transformed<Args>(transform: Transform<Args> | undefined, args: Args, name: string): Args {
    if (transform === undefined) return args;
    return transform(args, name) ?? args;
}
