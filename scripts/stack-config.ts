/**
 * What `scripts/up.sh` needs to know about a stack's configuration, computed from the code so it cannot drift:
 *
 *   ts-node scripts/stack-config.ts missing <stack>    stdin: `pulumi config --json` (no secrets shown), or nothing
 *                                                      when the stack does not exist yet (Pulumi.<stack>.yaml is read)
 *   ts-node scripts/stack-config.ts examples <stack>   the shipped example values still in Pulumi.<stack>.yaml
 *
 * `missing` prints one line per value the program needs and nobody has set: `key<TAB>kind<TAB>hint`, kind being
 * `secret` (one line, hidden), `secret-lines` (pasted text that may span lines, hidden) or `plain`. The list is what
 * `parseDeploymentConfig` reports for keys that are absent, with every secret that is set standing in as a placeholder:
 * SECRET_KEYS and the required keys (e.g. `licenseServer.warUrl` in container mode) come from the schema itself.
 * Never reads, prints or needs a secret's value.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ConfigValidationError } from "../components/config/configError";
import { parseDeploymentConfig } from "../components/config/validate";
// The config modules alone (not the components' index, which loads every provider SDK): this runs on each `up`.
import { OBJECT_KEYS, SECRET_KEYS } from "../components/config/schema";

const NAMESPACE = "oxygen-webauthor-ha";
const ROOT = path.join(__dirname, "..");

/** Pasted text that may span several lines (a license key, a PEM bundle): read until an empty line. */
const MULTI_LINE = new Set<string>(["productionLicenseKey", "redundancyLicenseKey", "tlsCertificate"]);

/** What to type, for the keys a user meets first; any other key is asked for with the validation's own message. */
const HINTS: Record<string, string> = {
    productionLicenseKey: "the production license key (goes only to the production license server)",
    redundancyLicenseKey: "the special redundancy license key (goes only to the redundancy license server)",
    licenseServerPassword: "a new password for the user Web Author connects to the license servers as",
    licenseServerAdminPassword: "a new password for the license servers' own admin page (user admin)",
    webAuthorAdminPassword: "a new initial password for Web Author's Admin page",
    "licenseServer.warUrl": "the license servlet WAR's download URL, from the vendor's license-server download page",
};

/**
 * The example values shipped in Pulumi.<stack>.yaml that must be replaced before a deployment (dotted path and the
 * value shipped). tests/scripts/stackConfig.test.ts checks that each one is still what the file ships.
 */
export const SHIPPED_EXAMPLES: Record<string, Record<string, unknown>> = {
    prod: {
        "aws.hostedZoneId": "Z0123456789ABCDEFGHIJ",
        "aws.domainName": "webauthor.example.com",
        "aws.certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        "aws.network.availabilityZones": ["eu-west-1a", "eu-west-1b"],
        "licenseServer.warUrl": "https://downloads.example.com/oxygen/oXygenLicenseServlet.war",
        "loadBalancer.adminAllowedSources": ["203.0.113.0/24"],
    },
};

/** Values no real deployment has: documentation domains, the example AWS account, documentation address ranges. */
const PLACEHOLDER_PATTERNS = [/(^|[./@])example\.(com|org|net)\b/i, /\b123456789012\b/, /\b(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+/];

type Values = Record<string, unknown>;

function valueAt(values: unknown, dotted: string): unknown {
    let current = values;
    for (const part of dotted.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
        if (typeof current !== "object" || current === null) return undefined;
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

/** The stack file's `config:` block without the namespace. */
function stackFileValues(stack: string): Values {
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return {};
    const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const values: Values = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (key.startsWith(`${NAMESPACE}:`)) values[key.slice(NAMESPACE.length + 1)] = value;
    }
    return values;
}

/** `pulumi config --json`: `{ "<ns>:<key>": { value?, objectValue?, secret } }`; a secret's value is never read. */
function fromPulumiJson(text: string): { values: Values; secrets: Set<string> } {
    const values: Values = {};
    const secrets = new Set<string>();
    const entries = JSON.parse(text) as Record<string, { value?: unknown; objectValue?: unknown; secret?: boolean }>;
    for (const [fullKey, entry] of Object.entries(entries)) {
        if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
        const key = fullKey.slice(NAMESPACE.length + 1);
        if (entry.secret) {
            secrets.add(key);
            values[key] = undefined;
        } else if (entry.objectValue !== undefined) {
            values[key] = entry.objectValue;
        } else if ((OBJECT_KEYS as readonly string[]).includes(key) && typeof entry.value === "string") {
            values[key] = JSON.parse(entry.value);
        } else {
            values[key] = entry.value;
        }
    }
    return { values, secrets };
}

/** The validation's issues for `values` (none if it passes). */
function issuesOf(values: Values, secretKeys: ReadonlySet<string>): ReadonlyArray<{ key: string; message: string }> {
    try {
        parseDeploymentConfig({ values, secretKeys }, NAMESPACE);
        return [];
    } catch (error) {
        if (!(error instanceof ConfigValidationError)) throw error;
        return error.issues;
    }
}

function setAt(values: Values, dotted: string, value: unknown): void {
    const parts = dotted.split(".");
    let cursor = values;
    for (const part of parts.slice(0, -1)) {
        const next = cursor[part];
        cursor = cursor[part] = typeof next === "object" && next !== null ? { ...(next as Values) } : {};
    }
    cursor[parts[parts.length - 1] as string] = value;
}

/**
 * Keys the program needs that are not set, in the order the schema reports them. The schema stops at the first
 * missing required field and the cross-field rules (e.g. the WAR URL in container mode) run only on a parsed config,
 * so each round fills what was missing with a placeholder and validates again, until nothing new is missing.
 */
export function missingKeys(values: Values, secretsSet: ReadonlySet<string>): Array<{ key: string; kind: string; hint: string }> {
    // Every secret that is set stands in as a placeholder valid for any secret field (distinct, one line, printable).
    const trial: Values = { ...values };
    for (const key of secretsSet) trial[key] = `placeholder-${key}`;
    const secretKeys = new Set<string>(SECRET_KEYS);
    const missing: Array<{ key: string; message: string }> = [];
    for (let round = 0; round < 5; round++) {
        const fresh = issuesOf(trial, secretKeys).filter((issue) => valueAt(trial, issue.key) === undefined && !missing.some((m) => m.key === issue.key));
        if (fresh.length === 0) break;
        for (const issue of fresh) {
            missing.push(issue);
            const secret = (SECRET_KEYS as readonly string[]).includes(issue.key);
            setAt(trial, issue.key, secret ? `placeholder-${issue.key}` : "https://placeholder.invalid/placeholder");
        }
    }
    return missing.map((issue) => {
        const secret = (SECRET_KEYS as readonly string[]).includes(issue.key);
        const kind = secret ? (MULTI_LINE.has(issue.key) ? "secret-lines" : "secret") : "plain";
        return { key: issue.key, kind, hint: HINTS[issue.key] ?? issue.message };
    });
}

/** The shipped example values (and placeholder-looking values) still in the stack file, one line each. */
export function exampleValuesLeft(stack: string, values: Values = stackFileValues(stack)): string[] {
    const found: string[] = [];
    const examples = SHIPPED_EXAMPLES[stack] ?? {};
    for (const [key, example] of Object.entries(examples)) {
        if (JSON.stringify(valueAt(values, key)) === JSON.stringify(example)) found.push(`${key}: ${JSON.stringify(example)} (the shipped example)`);
    }
    const walk = (value: unknown, key: string) => {
        if (key in examples) return;
        if (typeof value === "string" && PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(value))) {
            found.push(`${key}: ${JSON.stringify(value)} (an example or documentation value)`);
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${key}[${i}]`));
        } else if (typeof value === "object" && value !== null) {
            for (const [child, item] of Object.entries(value)) walk(item, key ? `${key}.${child}` : child);
        }
    };
    walk(values, "");
    return found;
}

function main(argv: string[]): number {
    const [command, stack] = argv;
    if ((command !== "missing" && command !== "examples") || stack === undefined || !/^[A-Za-z0-9._-]+$/.test(stack)) {
        process.stderr.write("usage: stack-config.ts missing|examples <stack>\n");
        return 2;
    }
    const lines =
        command === "examples"
            ? exampleValuesLeft(stack)
            : (() => {
                  const input = fs.readFileSync(0, "utf8").trim();
                  const { values, secrets } = input === "" ? { values: stackFileValues(stack), secrets: new Set<string>() } : fromPulumiJson(input);
                  return missingKeys(values, secrets).map(({ key, kind, hint }) => `${key}\t${kind}\t${hint}`);
              })();
    if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
