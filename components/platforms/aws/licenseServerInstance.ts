import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderLicenseServerUserData } from "../../contract/licenseServerUserData";
import { Transform, transformed } from "../../transform";
import { repositoryFileText } from "../repositoryFiles";
import { createEnvironmentSecret } from "./environmentSecret";
import { createDailySnapshots, SNAPSHOT_TAG } from "./volumeSnapshots";
import { assumeRolePolicy, MANAGED_POLICIES, managedPolicyArn, readSecretsPolicy } from "./iam";

/** Canonical's AWS account, owner of the official Ubuntu AMIs. */
export const CANONICAL_OWNER_ID = "099720109477";
/** Ubuntu 22.04 LTS: the last LTS whose archive has Tomcat 9 (the license servlet does not run on Tomcat 10). */
export const UBUNTU_AMI_NAME_PATTERN = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*";
/** Device name the data volume is attached as (NVMe instances expose it by volume ID; the setup script finds both). */
export const DATA_VOLUME_DEVICE = "/dev/sdf";

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
    /** Per-child escape hatches. */
    readonly transforms?: {
        readonly instance?: Transform<aws.ec2.InstanceArgs>;
        readonly dataVolume?: Transform<aws.ebs.VolumeArgs>;
        readonly networkInterface?: Transform<aws.ec2.NetworkInterfaceArgs>;
    };
}

/**
 * One license server on EC2. Activation binds the key to the server's network identity, so what identifies it
 * outlives the instance: the primary network interface (its MAC address) and the data volume (the work directory
 * with the activation state) are separate resources, retained on delete; the instance can be replaced around them.
 */
export function createAwsLicenseServer(parent: pulumi.Resource, name: string, inputs: AwsLicenseServerInputs, waitFor: pulumi.Resource[] = []) {
    const opts = { parent };
    const { secret, version: secretVersion } = createEnvironmentSecret(parent, name, `${name} key and Tomcat users`, inputs.secretJson);

    const role = new aws.iam.Role(
        `${name}-role`,
        { assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"), description: `${name}: SSM and its own secret` },
        opts,
    );
    new aws.iam.RolePolicyAttachment(`${name}-ssm`, { role: role.name, policyArn: managedPolicyArn(inputs.region, MANAGED_POLICIES.ssmCore) }, opts);
    new aws.iam.RolePolicy(`${name}-read-secret`, { role: role.id, policy: readSecretsPolicy([secret.arn]) }, opts);
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, opts);

    const nicName = `${name}-nic`;
    const networkInterface = new aws.ec2.NetworkInterface(
        nicName,
        transformed(
            inputs.transforms?.networkInterface,
            {
                subnetId: inputs.subnetId,
                securityGroups: [inputs.securityGroupId],
                description: `${name}: stable MAC address for the license activation`,
                tags: { Name: nicName },
            },
            nicName,
        ),
        { parent, retainOnDelete: true },
    );
    const volumeName = `${name}-data`;
    const dataVolume = new aws.ebs.Volume(
        volumeName,
        transformed(
            inputs.transforms?.dataVolume,
            {
                availabilityZone: inputs.availabilityZone,
                size: inputs.dataVolumeGb,
                type: "gp3",
                encrypted: true,
                tags: { Name: volumeName, ...(inputs.dailySnapshots > 0 ? { [SNAPSHOT_TAG]: volumeName } : {}) },
            },
            volumeName,
        ),
        { parent, retainOnDelete: true },
    );

    if (inputs.dailySnapshots > 0) createDailySnapshots(parent, name, inputs.region, volumeName, inputs.dailySnapshots);

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
    const instance = new aws.ec2.Instance(
        instanceName,
        transformed(
            inputs.transforms?.instance,
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
            instanceName,
        ),
        {
            parent,
            // The retained interface can be the primary interface of one instance at a time: the old instance must
            // go before the new one starts.
            deleteBeforeReplace: true,
            // A newer Ubuntu AMI must not replace a running, activated server on an unrelated `pulumi up`; pin
            // `aws.licenseServer.amiId` to move on deliberately.
            ignoreChanges: inputs.amiId === undefined ? ["ami"] : [],
            // Rolling changes: replaced only after the other environment's instance (EC2 reports it running; nothing
            // here waits for its Tomcat).
            dependsOn: [secretVersion, ...waitFor],
        },
    );
    const attachment = new aws.ec2.VolumeAttachment(
        `${name}-data-attachment`,
        { instanceId: instance.id, volumeId: dataVolume.id, deviceName: DATA_VOLUME_DEVICE, stopInstanceBeforeDetaching: true },
        { parent, deleteBeforeReplace: true },
    );
    const dnsRecord = new aws.route53.Record(
        `${name}-dns`,
        { zoneId: inputs.privateZoneId, name: inputs.dnsName, type: "A", ttl: 60, records: [networkInterface.privateIp] },
        opts,
    );
    return { secret, role, networkInterface, dataVolume, instance, attachment, dnsRecord };
}
