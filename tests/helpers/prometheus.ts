/** Reads Prometheus' text exposition format and evaluates the alert rules of components/contract/metrics.ts on it. */
import type { AlertRule } from "../../components/contract/metrics";

export interface Sample {
    readonly metric: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number;
}

export function parseExposition(text: string): Sample[] {
    const samples: Sample[] = [];
    for (const line of text.split("\n")) {
        const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
        if (!match || line.startsWith("#")) continue;
        const labels: Record<string, string> = {};
        for (const label of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[label[1]!] = label[2]!;
        samples.push({ metric: match[1]!, labels, value: Number(match[3]) });
    }
    return samples;
}

/** Does the rule fire on these samples? (Each condition: a sample with those labels, and that value.) */
export function fires(rule: AlertRule, samples: readonly Sample[]): boolean {
    return rule.anyOf.some((condition) =>
        samples.some(
            (s) => s.metric === condition.metric && s.value === condition.value && Object.entries(condition.labels).every(([k, v]) => s.labels[k] === v),
        ),
    );
}
