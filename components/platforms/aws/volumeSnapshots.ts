import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy, managedPolicyArn } from "./iam";
import { KEEP_PHYSICAL_NAME } from "./names";
import { createChild, Transform } from "../shared/transform";

/** Per-child escape hatches of the daily snapshots (the role shares its slots with the license server's own). */
export interface DailySnapshotTransforms {
    readonly role?: Transform<aws.iam.RoleArgs>;
    readonly rolePolicyAttachment?: Transform<aws.iam.RolePolicyAttachmentArgs>;
    readonly lifecyclePolicy?: Transform<aws.dlm.LifecyclePolicyArgs>;
}

/** The tag that selects a volume for its license server's daily snapshots. */
export const SNAPSHOT_TAG = "oxygen-webauthor-ha:snapshots";
/** When the daily snapshot is taken (UTC): a quiet hour for most documentation teams. */
export const SNAPSHOT_TIME_UTC = "03:00";

/**
 * Daily snapshots of the volumes tagged `SNAPSHOT_TAG = tagValue`, keeping the last `keep`, by Data Lifecycle Manager.
 * A license server's work directory holds its activation state; restored onto a new volume behind the retained
 * network interface, it serves again without a new activation.
 */
export function createDailySnapshots(
    parent: pulumi.Resource,
    name: string,
    region: string,
    tagValue: string,
    keep: number,
    roleNamePrefix: string,
    transforms: DailySnapshotTransforms | undefined,
) {
    const opts = { parent };
    const role = createChild(
        aws.iam.Role,
        `${name}-snapshot-role`,
        { namePrefix: roleNamePrefix, assumeRolePolicy: assumeRolePolicy("dlm.amazonaws.com"), description: `${name}: daily data-volume snapshots` },
        { ...opts, ...KEEP_PHYSICAL_NAME },
        transforms?.role,
    );
    createChild(
        aws.iam.RolePolicyAttachment,
        `${name}-snapshot-role-dlm`,
        { role: role.name, policyArn: managedPolicyArn(region, "service-role/AWSDataLifecycleManagerServiceRole") },
        opts,
        transforms?.rolePolicyAttachment,
    );
    return createChild(
        aws.dlm.LifecyclePolicy,
        `${name}-snapshots`,
        {
            description: `oxygen-webauthor-ha: daily snapshots of ${name}'s data volume`,
            executionRoleArn: role.arn,
            state: "ENABLED",
            policyDetails: {
                resourceTypes: ["VOLUME"],
                targetTags: { [SNAPSHOT_TAG]: tagValue },
                schedules: [
                    {
                        name: `daily, ${keep} kept`,
                        createRule: { interval: 24, intervalUnit: "HOURS", times: SNAPSHOT_TIME_UTC },
                        retainRule: { count: keep },
                        copyTags: true,
                    },
                ],
            },
        },
        opts,
        transforms?.lifecyclePolicy,
    );
}
