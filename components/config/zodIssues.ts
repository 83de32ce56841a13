import type { z } from "zod";
import type { ConfigIssue } from "./configError";

/**
 * Zod's path as the user types it with `pulumi config set --path`: `a.b[0].c`.
 * @internal
 */
export function keyOf(path: ReadonlyArray<PropertyKey>): string {
    return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

/** The raw value at `path`, and whether anything is there at all (a key set to null is there). */
function lookup(values: unknown, path: ReadonlyArray<PropertyKey>): { present: boolean; value: unknown } {
    let current: unknown = values;
    for (const part of path) {
        if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, part))
            return { present: false, value: undefined };
        current = (current as Record<PropertyKey, unknown>)[part];
    }
    return { present: current !== undefined, value: current };
}

/**
 * What kind of value the user gave, in their words; never the value itself (it may be a secret).
 * @internal
 */
export function describeType(value: unknown): string {
    if (value === null) return "an empty value (null)";
    if (Array.isArray(value)) return "a list";
    switch (typeof value) {
        case "string":
            return "text";
        case "number":
            return "a number";
        case "boolean":
            return "true/false";
        default:
            return "an object";
    }
}

/** Zod's `expected` type names, in the user's words. */
const EXPECTED: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "an object (set its fields with `pulumi config set --path`)",
    array: "a list",
};

/**
 * Zod's issues as config issues. A type error says what was expected and what was given, and only a key that is
 * really absent is "required but not set" (Zod 4 reports both as `invalid_type` and, by default, without the input).
 * @internal
 */
export function issuesFromZod(error: z.ZodError, values: unknown): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) issues.push({ key: keyOf([...issue.path, key]), message: "unknown field (is it a typo?)" });
        } else if (issue.code === "invalid_type") {
            const given = lookup(values, issue.path);
            // Our schemas word their own type errors (with the unit); Zod's default wording is replaced.
            const expected = issue.message.startsWith("Invalid input") ? `must be ${EXPECTED[issue.expected] ?? issue.expected}` : issue.message;
            const hint = issue.expected === "number" && typeof given.value === "string" ? "; write it without quotes" : "";
            // A key another platform uses (`never`), or a whole block a platform requires, is worded by the schema.
            const worded = issue.expected === "never" || (!given.present && issue.message.startsWith("is required"));
            issues.push({
                key: keyOf(issue.path),
                message: worded ? issue.message : given.present ? `${expected}, but is ${describeType(given.value)}${hint}` : "is required but not set",
            });
        } else {
            issues.push({ key: keyOf(issue.path), message: issue.message });
        }
    }
    return issues;
}
