import { partOf, PolicyResourceLike, roleOf, TYPES, usesOurComponents, Violation } from "../model";

const READ_ACTIONS = /^(secretsmanager:(GetSecretValue|\*|Get\*)|\*)$/i;
/** AWS managed policies that read every secret in the account. */
const BROAD_MANAGED = /:policy\/(SecretsManagerReadWrite|AdministratorAccess|PowerUserAccess|ReadOnlyAccess)$/;

const globMatches = (pattern: string, arn: string) =>
    new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    ).test(arn);

/**
 * AWS: a license server's secret (its key and passwords) is readable by that environment's license server only. An
 * IAM role of another part or environment that may `secretsmanager:GetSecretValue` it (by its ARN or a wildcard), or
 * a broad managed policy on one of our roles, is a violation.
 */
export function licenseSecretAccess(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const secrets = resources.filter((r) => r.type === TYPES.secret && partOf(r) === "licenseServer");
    if (secrets.length === 0) return [];
    const roles = resources.filter((r) => r.type === TYPES.iamRole);
    const roleNamed = (ref: unknown) => roles.find((r) => r.props.id === ref || r.props.name === ref || r.props.arn === ref);
    const violations: Violation[] = [];
    for (const policy of resources.filter((r) => r.type === TYPES.rolePolicy)) {
        const grantee = roleNamed(policy.props.role);
        let document: { Statement?: unknown };
        try {
            document = typeof policy.props.policy === "string" ? JSON.parse(policy.props.policy) : policy.props.policy;
        } catch {
            continue;
        }
        for (const statement of [document?.Statement ?? []].flat() as Array<Record<string, unknown>>) {
            if (statement.Effect !== "Allow") continue;
            if (![statement.Action].flat().some((a) => typeof a === "string" && READ_ACTIONS.test(a))) continue;
            for (const pattern of [statement.Resource].flat().filter((p): p is string => typeof p === "string")) {
                for (const secret of secrets.filter((s) => typeof s.props.arn === "string" && globMatches(pattern, s.props.arn))) {
                    const sameServer = grantee !== undefined && partOf(grantee) === "licenseServer" && roleOf(grantee) === roleOf(secret);
                    if (!sameServer) {
                        violations.push({
                            urn: policy.urn,
                            message: `${policy.name} lets ${grantee?.name ?? String(policy.props.role)} read ${secret.name}, the ${roleOf(secret)} license server's secret (its key); only that license server may`,
                        });
                    }
                }
            }
        }
    }
    for (const attachment of resources.filter((r) => r.type === TYPES.policyAttachment)) {
        const grantee = roleNamed(attachment.props.role);
        if (grantee !== undefined && partOf(grantee) !== undefined && BROAD_MANAGED.test(String(attachment.props.policyArn))) {
            violations.push({
                urn: attachment.urn,
                message: `${attachment.name} gives ${grantee.name} ${attachment.props.policyArn}, which reads every secret, license keys included`,
            });
        }
    }
    return violations;
}
