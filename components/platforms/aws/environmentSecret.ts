import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createChild, Transform } from "../shared/transform";

/** Per-child escape hatches of a consumer's secret. */
export interface EnvironmentSecretTransforms {
    readonly secret?: Transform<aws.secretsmanager.SecretArgs>;
    readonly secretVersion?: Transform<aws.secretsmanager.SecretVersionArgs>;
}

/**
 * One consumer's secret in Secrets Manager (a license server's, or a Web Author's), so that an IAM policy can name
 * exactly the one secret its role may read. The value is a secret Output holding JSON; the version's ID changes
 * whenever the value does, which is what consumers name to pick up a change.
 */
export function createEnvironmentSecret(
    parent: pulumi.Resource,
    name: string,
    description: string,
    secretJson: pulumi.Output<string>,
    transforms: EnvironmentSecretTransforms | undefined,
) {
    const secret = createChild(
        aws.secretsmanager.Secret,
        `${name}-secret`,
        { description: `oxygen-webauthor-ha: ${description}`, recoveryWindowInDays: 7 },
        { parent },
        transforms?.secret,
    );
    const version = createChild(
        aws.secretsmanager.SecretVersion,
        `${name}-secret-value`,
        { secretId: secret.id, secretString: secretJson },
        { parent },
        transforms?.secretVersion,
    );
    return { secret, version };
}
