import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderLicenseServerUserData } from "../../contract/licenseServerUserData";
import { createChild, Transform } from "../shared/transform";
import { repositoryFileText } from "../shared/repositoryFiles";
import { createEnvironmentSecret, EnvironmentSecretTransforms } from "./environmentSecret";
import { createDailySnapshots, DailySnapshotTransforms, SNAPSHOT_TAG } from "./volumeSnapshots";
import { assumeRolePolicy, MANAGED_POLICIES, managedPolicyArn, readSecretsPolicy } from "./iam";
import { createLicenseServerReadinessGate, LicenseServerReadinessArgs } from "./licenseServerReadiness";
import { KEEP_PHYSICAL_NAME, ROLE_PURPOSES } from "./names";

/** Canonical's AWS account, owner of the official Ubuntu AMIs. */
export const CANONICAL_OWNER_ID = "099720109477";
/** Ubuntu 22.04 LTS: the last LTS whose archive has Tomcat 9 (the license servlet does not run on Tomcat 10). */
export const UBUNTU_AMI_NAME_PATTERN = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*";
/** Device name the data volume is attached as (NVMe instances expose it by volume ID; the setup script finds both). */
export const DATA_VOLUME_DEVICE = "/dev/sdf";

/** Per-child escape hatches of an EC2 license server: one per resource type (a transform sees the child's name). */
export interface AwsLicenseServerTransforms extends EnvironmentSecretTransforms, DailySnapshotTransforms {
    readonly instance?: Transform<aws.ec2.InstanceArgs>;
    readonly dataVolume?: Transform<aws.ebs.VolumeArgs>;
    readonly networkInterface?: Transform<aws.ec2.NetworkInterfaceArgs>;
    /** The instance's role, and the snapshots' role (`…-snapshot-role`). */
    readonly role?: Transform<aws.iam.RoleArgs>;
    /** SSM for the instance's role, Data Lifecycle Manager for the snapshots' role. */
    readonly rolePolicyAttachment?: Transform<aws.iam.RolePolicyAttachmentArgs>;
    readonly rolePolicy?: Transform<aws.iam.RolePolicyArgs>;
    readonly instanceProfile?: Transform<aws.iam.InstanceProfileArgs>;
    readonly volumeAttachment?: Transform<aws.ec2.VolumeAttachmentArgs>;
    /** The license server's record in the private zone. */
    readonly record?: Transform<aws.route53.RecordArgs>;
    /** The readiness gate, which runs the check on each new instance through SSM and waits for it (`<name>-ready`). */
    readonly readinessGate?: Transform<LicenseServerReadinessArgs>;
}

/** What an `ec2`-mode license server needs; `LicenseServerArgs.ec2`. */
export interface AwsLicenseServerInputs {
    /** Region of the environment (for the secret's lookup at boot and the managed policy ARNs). */
    readonly region: string;
    /** The environment's private subnet and its availability zone (the data volume must be in the same zone). */
    readonly subnetId: pulumi.Input<string>;
    /** The subnet's zone. */
    readonly availabilityZone: pulumi.Input<string>;
    /** The license server's security group: its port from the two Web Authors only. */
    readonly securityGroupId: pulumi.Input<string>;
    /** Private hosted zone for the stable name, and the name (`license-<role>.<zone>`). */
    readonly privateZoneId: pulumi.Input<string>;
    /** The stable name, from the plan. */
    readonly dnsName: string;
    /**
     * This environment's secret as JSON `{"userPassword","adminPassword","licenseKey"}`: a secret Output. It goes to
     * Secrets Manager; the instance reads it at boot through its role. Only this environment's key may be in it.
     */
    readonly secretJson: pulumi.Output<string>;
    /** EC2 instance type. Default in config: `t3.small`. */
    readonly instanceType: string;
    /** A pinned AMI; default: the latest Ubuntu 22.04 by Canonical, looked up once (later ones are ignored). */
    readonly amiId?: string;
    /** Size of the retained data volume, GiB. */
    readonly dataVolumeGb: number;
    /** Daily snapshots of the data volume to keep; 0: none. Default in config: 7. */
    readonly dailySnapshots: number;
    /** License servlet WAR download URL (no stable vendor URL is documented). */
    readonly warUrl: string;
    /** Context path of the servlet, e.g. `oXygenLicenseServlet`. */
    readonly contextPath: string;
    /** Tomcat user (role `user`) the Web Authors connect as. */
    readonly user: string;
    /**
     * How long a new instance may take until its servlet answers, seconds (`aws.licenseServer.readyTimeoutSeconds`;
     * default in config: 900). `pulumi up` waits for it (contract/licenseServerReadiness.ts).
     */
    readonly readyTimeoutSeconds: number;
    /** The base of its IAM roles' physical name prefixes (names.ts, `iamRoleNameBase`). */
    readonly iamRoleNameBase: string;
    /** Per-child escape hatches. */
    readonly transforms?: AwsLicenseServerTransforms;
}

/**
 * One license server on EC2. Activation binds the key to the server's network identity, so what identifies it
 * outlives the instance: the primary network interface (its MAC address) and the data volume (the work directory
 * with the activation state) are separate resources, retained on delete; the instance can be replaced around them.
 * `waitFor`: what the instance's creation and replacement wait for (rolling changes: the part before this one in
 * `ROLLING_SEQUENCE`, healthy again). The returned `ready` is this license server's readiness gate.
 */
export function createAwsLicenseServer(parent: pulumi.Resource, name: string, inputs: AwsLicenseServerInputs, waitFor: pulumi.Resource[] = []) {
    const opts = { parent };
    const { secret, version: secretVersion } = createEnvironmentSecret(parent, name, `${name} key and Tomcat users`, inputs.secretJson, inputs.transforms);

    const role = createChild(
        aws.iam.Role,
        `${name}-role`,
        {
            namePrefix: `${inputs.iamRoleNameBase}${ROLE_PURPOSES.licenseServer}`,
            assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
            description: `${name}: SSM and its own secret`,
        },
        { ...opts, ...KEEP_PHYSICAL_NAME },
        inputs.transforms?.role,
    );
    createChild(
        aws.iam.RolePolicyAttachment,
        `${name}-ssm`,
        { role: role.name, policyArn: managedPolicyArn(inputs.region, MANAGED_POLICIES.ssmCore) },
        opts,
        inputs.transforms?.rolePolicyAttachment,
    );
    createChild(aws.iam.RolePolicy, `${name}-read-secret`, { role: role.id, policy: readSecretsPolicy([secret.arn]) }, opts, inputs.transforms?.rolePolicy);
    const profile = createChild(aws.iam.InstanceProfile, `${name}-profile`, { role: role.name }, opts, inputs.transforms?.instanceProfile);

    const nicName = `${name}-nic`;
    const networkInterface = createChild(
        aws.ec2.NetworkInterface,
        nicName,
        {
            subnetId: inputs.subnetId,
            securityGroups: [inputs.securityGroupId],
            description: `${name}: stable MAC address for the license activation`,
            tags: { Name: nicName },
        },
        { parent, retainOnDelete: true },
        inputs.transforms?.networkInterface,
    );
    const volumeName = `${name}-data`;
    const dataVolume = createChild(
        aws.ebs.Volume,
        volumeName,
        {
            availabilityZone: inputs.availabilityZone,
            size: inputs.dataVolumeGb,
            type: "gp3",
            encrypted: true,
            tags: { Name: volumeName, ...(inputs.dailySnapshots > 0 ? { [SNAPSHOT_TAG]: volumeName } : {}) },
        },
        { parent, retainOnDelete: true },
        inputs.transforms?.dataVolume,
    );

    if (inputs.dailySnapshots > 0)
        createDailySnapshots(
            parent,
            name,
            inputs.region,
            volumeName,
            inputs.dailySnapshots,
            `${inputs.iamRoleNameBase}${ROLE_PURPOSES.snapshots}`,
            inputs.transforms,
        );

    const ami =
        inputs.amiId ??
        aws.ec2.getAmiOutput(
            {
                owners: [CANONICAL_OWNER_ID],
                mostRecent: true,
                filters: [
                    { name: "name", values: [UBUNTU_AMI_NAME_PATTERN] },
                    { name: "virtualization-type", values: ["hvm"] },
                ],
            },
            { parent },
        ).id;
    const scripts = { setup: repositoryFileText("ec2/license-server/setup.sh"), configureUsers: repositoryFileText("docker/license-server/entrypoint.sh") };
    // The user data names the secret's version: a changed password or key makes a new version, hence new user data,
    // hence a new instance that writes the new Tomcat users (setup runs once per instance).
    const userData = pulumi
        .all([secret.arn, secretVersion.versionId, dataVolume.id])
        .apply(([secretId, secretVersionId, dataVolumeId]) =>
            renderLicenseServerUserData(
                { region: inputs.region, secretId, secretVersionId, dataVolumeId, warUrl: inputs.warUrl, contextPath: inputs.contextPath, user: inputs.user },
                scripts,
            ),
        );

    const instanceName = `${name}-instance`;
    const instance = createChild(
        aws.ec2.Instance,
        instanceName,
        {
            ami,
            instanceType: inputs.instanceType,
            iamInstanceProfile: profile.name,
            // Never deleted with an instance: the next instance takes over the same interface (and MAC address).
            primaryNetworkInterface: { networkInterfaceId: networkInterface.id, deleteOnTermination: false },
            userData,
            // cloud-init runs user data on the first boot only: an in-place update (stop, start) would leave the
            // old setup running. The state lives on the retained interface and volume, so replacing is safe.
            userDataReplaceOnChange: true,
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 16 },
            tags: { Name: instanceName },
        },
        {
            parent,
            // The retained interface can be the primary interface of one instance at a time: the old instance must
            // go before the new one starts.
            deleteBeforeReplace: true,
            // A newer Ubuntu AMI must not replace a running, activated server on an unrelated `pulumi up`; pin
            // `aws.licenseServer.amiId` to move on deliberately.
            ignoreChanges: inputs.amiId === undefined ? ["ami"] : [],
            // Rolling changes: created and replaced only after the part before this one is healthy again.
            dependsOn: [secretVersion, ...waitFor],
        },
        inputs.transforms?.instance,
    );
    const attachment = createChild(
        aws.ec2.VolumeAttachment,
        `${name}-data-attachment`,
        { instanceId: instance.id, volumeId: dataVolume.id, deviceName: DATA_VOLUME_DEVICE, stopInstanceBeforeDetaching: true },
        { parent, deleteBeforeReplace: true },
        inputs.transforms?.volumeAttachment,
    );
    const dnsRecord = createChild(
        aws.route53.Record,
        `${name}-dns`,
        { zoneId: inputs.privateZoneId, name: inputs.dnsName, type: "A", ttl: 60, records: [networkInterface.privateIp] },
        opts,
        inputs.transforms?.record,
    );
    // What waits for this license server waits for this: the instance answering, not merely running.
    const ready = createLicenseServerReadinessGate(parent, name, {
        instance,
        instanceType: inputs.instanceType,
        region: inputs.region,
        after: [attachment],
        contextPath: inputs.contextPath,
        timeoutSeconds: inputs.readyTimeoutSeconds,
        transform: inputs.transforms?.readinessGate,
    });
    return { secret, role, networkInterface, dataVolume, instance, attachment, dnsRecord, ready };
}
