/**
 * A validated secret (license key or password) on its way from stack config to a resource.
 *
 * Validation needs the plain value (is it empty? do both environments share one key?), but nothing else may see
 * it: `toString`, `toJSON` and Node's inspector all print a redaction, so a stray log line or an error message
 * cannot leak it. The only way out is {@link SecretValue.reveal}, which components call exactly once, inside
 * `pulumi.secret(...)`, so the value travels on as a secret Output.
 */
export class SecretValue {
    readonly #value: string;

    constructor(value: string) {
        this.#value = value;
    }

    /** The plain value. Call only to wrap it in `pulumi.secret()`. */
    reveal(): string {
        return this.#value;
    }

    toString(): string {
        return "[secret]";
    }

    toJSON(): string {
        return "[secret]";
    }

    [Symbol.for("nodejs.util.inspect.custom")](): string {
        return "[secret]";
    }
}
