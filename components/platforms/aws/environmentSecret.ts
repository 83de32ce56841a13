import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * One consumer's secret in Secrets Manager (a license server's, or a Web Author's), so that an IAM policy can name
 * exactly the one secret its role may read. The value is a secret Output holding JSON; the version's ID changes
 * whenever the value does, which is what consumers name to pick up a change.
 */
export function createEnvironmentSecret(parent: pulumi.Resource, name: string, description: string, secretJson: pulumi.Output<string>) {
    const secret = new aws.secretsmanager.Secret(`${name}-secret`, { description: `oxygen-webauthor-ha: ${description}`, recoveryWindowInDays: 7 }, { parent });
    const version = new aws.secretsmanager.SecretVersion(`${name}-secret-value`, { secretId: secret.id, secretString: secretJson }, { parent });
    return { secret, version };
}
