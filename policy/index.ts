/**
 * The policy pack for stacks that use oxygen-webauthor-ha's components:
 *   pulumi preview --policy-pack policy        (after `npm install` in this folder)
 * The policies are plain functions in policies/ (tested in tests/policy/ on what the real components register);
 * this file only hands them the engine's resources and reports what they find.
 */
import { PolicyPack, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyResourceLike, Violation } from "./model";
import {
    failoverActiveBackup,
    failoverHealthCheck,
    licenseKeyOwnEnvironment,
    licenseMainAndBackup,
    licenseSecretAccess,
    LicenseServerNotPublicOptions,
    licenseServerNotPublic,
    noPlaintextSecrets,
    retentionVisible,
    stateOnPersistentStorage,
    stateRetainedOnDelete,
} from "./policies";

type StackCheck = (resources: readonly PolicyResourceLike[], config: any) => Violation[];

function stackPolicy(
    name: string,
    description: string,
    enforcementLevel: "mandatory" | "advisory",
    check: StackCheck,
    extra: Partial<StackValidationPolicy> = {},
) {
    const policy: StackValidationPolicy = {
        name,
        description,
        enforcementLevel,
        ...extra,
        validateStack: (args, reportViolation) => {
            for (const violation of check(args.resources as PolicyResource[], args.getConfig())) reportViolation(violation.message, violation.urn);
        },
    };
    return policy;
}

/** The engine's resource, as the plain functions read it. */
const asResource = (args: ResourceValidationArgs): PolicyResourceLike => ({
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: args.props,
    opts: args.opts,
});

const noPlaintextSecretsPolicy: ResourceValidationPolicy = {
    name: "no-plaintext-secret-inputs",
    description: "No password, key or token in a container's plain environment, an ECS task's environment or EC2 user data.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => noPlaintextSecrets(asResource(args)).forEach((v) => reportViolation(v.message)),
};

const stateRetainedPolicy: ResourceValidationPolicy = {
    name: "state-retained-on-delete",
    description:
        "Volumes, license-server network interfaces and file systems are retainOnDelete or protect (advisory: the engine does not report retainOnDelete).",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const resource = asResource(args);
        if (!retentionVisible(resource)) args.notApplicable("the engine does not pass retainOnDelete to policy packs; only protect is visible");
        stateRetainedOnDelete(resource).forEach((v) => reportViolation(v.message));
    },
};

new PolicyPack("oxygen-webauthor-ha", {
    description: "The redundancy contract of Oxygen XML Web Author's redundancy deployment, on any stack that uses oxygen-webauthor-ha's components.",
    policies: [
        stackPolicy(
            "license-main-production-backup-redundancy",
            "Both Web Authors use production's license server as main and redundancy's as backup.",
            "mandatory",
            licenseMainAndBackup,
        ),
        stackPolicy(
            "license-key-own-environment",
            "Each license server holds only its own environment's license key; the two keys differ.",
            "mandatory",
            licenseKeyOwnEnvironment,
        ),
        stackPolicy(
            "license-secret-own-license-server",
            "AWS: only an environment's license server may read that environment's license secret.",
            "mandatory",
            licenseSecretAccess,
        ),
        stackPolicy(
            "failover-production-active-redundancy-backup",
            "The load balancer serves production and falls back to redundancy: HAProxy `backup`, or Route 53 PRIMARY/SECONDARY.",
            "mandatory",
            failoverActiveBackup,
        ),
        stackPolicy("failover-health-check-status-path", "Failover is decided by Web Author's rest-public/status endpoint.", "mandatory", failoverHealthCheck),
        stackPolicy(
            "license-server-not-public",
            "No license server is reachable from the internet (security groups, public IPs, Docker ports on every interface).",
            "mandatory",
            (resources, config: LicenseServerNotPublicOptions) => licenseServerNotPublic(resources, config),
            {
                configSchema: {
                    properties: {
                        allowAllInterfaces: { type: "boolean", default: false, description: "Docker: accept license-server ports on 0.0.0.0 (host firewall)." },
                    },
                },
            },
        ),
        noPlaintextSecretsPolicy,
        stackPolicy(
            "state-on-persistent-storage",
            "Web Author data and license-server state live on volumes, interfaces and file systems of their own.",
            "mandatory",
            stateOnPersistentStorage,
        ),
        stateRetainedPolicy,
    ],
});
