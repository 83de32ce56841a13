import * as pulumi from "@pulumi/pulumi";
import type { SecretValue } from "../../config/secretValue";

/**
 * A secret value from the config as a secret Output: the only place where a {@link SecretValue} is revealed.
 * @internal
 */
export function secretOutput(value: SecretValue): pulumi.Output<string> {
    return pulumi.secret(value.reveal());
}

/**
 * Several secret config values as one secret JSON document (a Secrets Manager secret's value).
 * @internal
 */
export function secretJson(values: Record<string, SecretValue>): pulumi.Output<string> {
    return pulumi.secret(JSON.stringify(Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.reveal()]))));
}
