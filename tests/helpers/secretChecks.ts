import { RecordedResource, visitStrings } from "./pulumiMocks";

/**
 * Throws if any of `secrets` (or another credential) appears in plain text in a registered input; returns the names
 * of the secrets that reached some resource wrapped as a secret.
 */
export function secretsUsedOnlyAsSecrets(resources: readonly RecordedResource[], secrets: Readonly<Record<string, string>>): string[] {
    const usedAsSecret = new Set<string>();
    for (const r of resources) {
        visitStrings(r.inputs, (text, insideSecret, path) => {
            for (const [name, secret] of Object.entries(secrets)) {
                if (!text.includes(secret)) continue;
                if (!insideSecret) throw new Error(`${name} appears in plain text in ${r.name}.${path}`);
                usedAsSecret.add(name);
            }
        });
    }
    return [...usedAsSecret].sort();
}
