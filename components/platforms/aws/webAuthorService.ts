import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { WEB_AUTHOR_CONTAINER_PORT, WEB_AUTHOR_PATHS, WEB_AUTHOR_SECRETS, webAuthorHealthCheck, webAuthorVariables } from "../../images/webAuthor";
import { contextDigest, dockerAssetDir } from "../shared/buildContext";
import { createChild, Transform } from "../shared/transform";
import type { WebAuthorSettings } from "../shared/webAuthorSettings";
import { createEnvironmentSecret, EnvironmentSecretTransforms } from "./environmentSecret";
import { assumeRolePolicy, MANAGED_POLICIES, managedPolicyArn, readSecretsPolicy } from "./iam";
import { KEEP_PHYSICAL_NAME, ROLE_PURPOSES } from "./names";

/** The Web Author container's name in the task definition (the target group forwards to it). */
export const WEB_AUTHOR_CONTAINER_NAME = "web-author";
/** Owner of the data directory on EFS; the access point maps every NFS operation to this user. */
export const DATA_DIR_OWNER = { uid: 1000, gid: 1000 } as const;
/** ECS caps a container health check's start period at 300 s. */
export const ECS_MAX_START_PERIOD_SECONDS = 300;

/** Per-child escape hatches of a Web Author on ECS: one per resource type (a transform sees the child's name). */
export interface AwsWebAuthorServiceTransforms extends EnvironmentSecretTransforms {
    readonly repository?: Transform<aws.ecr.RepositoryArgs>;
    /** The docker/web-author image built and pushed to the repository (unless `webAuthor.image`). */
    readonly image?: Transform<docker.ImageArgs>;
    readonly fileSystem?: Transform<aws.efs.FileSystemArgs>;
    readonly backupPolicy?: Transform<aws.efs.BackupPolicyArgs>;
    readonly mountTarget?: Transform<aws.efs.MountTargetArgs>;
    readonly accessPoint?: Transform<aws.efs.AccessPointArgs>;
    readonly logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    /** The execution role (`…-execution`) and the task role (`…-task`). */
    readonly role?: Transform<aws.iam.RoleArgs>;
    readonly rolePolicyAttachment?: Transform<aws.iam.RolePolicyAttachmentArgs>;
    /** The execution role's secret policy and the task role's EFS policy. */
    readonly rolePolicy?: Transform<aws.iam.RolePolicyArgs>;
    readonly cluster?: Transform<aws.ecs.ClusterArgs>;
    readonly taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
    readonly service?: Transform<aws.ecs.ServiceArgs>;
}

/** `image`, when set, is an image URI; default: docker/web-author built and pushed to this environment's ECR. */
export interface AwsWebAuthorServiceInputs extends WebAuthorSettings {
    /** The environment's region (log configuration, managed policy ARNs). */
    readonly region: string;
    /** The environment's one private subnet: the task and the file system's mount target go here (one zone). */
    readonly privateSubnetId: pulumi.Input<string>;
    /** The Web Author tasks' security group (8080 from the environment's ALB only). */
    readonly securityGroupId: pulumi.Input<string>;
    /** The mount target's security group (NFS from the Web Author only). */
    readonly fileSystemSecurityGroupId: pulumi.Input<string>;
    /** JSON `{"licenseServerPassword","adminSetupPassword"}`: a secret Output, stored in this environment's secret. */
    readonly secretJson: pulumi.Output<string>;
    /** Tasks in the service. Default in config: 1. */
    readonly desiredCount: number;
    /** CloudWatch Logs retention, days. */
    readonly logRetentionDays: number;
    /** The base of its IAM roles' physical name prefixes (names.ts, `iamRoleNameBase`). */
    readonly iamRoleNameBase: string;
    /** Per-child escape hatches. */
    readonly transforms?: AwsWebAuthorServiceTransforms;
}

/** The image: the user's URI, or docker/web-author built for Fargate (x86_64) and pushed to this environment's ECR. */
function webAuthorImage(
    parent: pulumi.Resource,
    name: string,
    inputs: AwsWebAuthorServiceInputs,
): { image: pulumi.Input<string>; repository?: aws.ecr.Repository } {
    if (inputs.image !== undefined) return { image: inputs.image };
    // One repository per environment: redundancy must be able to start while production's region is down.
    const repository = createChild(
        aws.ecr.Repository,
        `${name}-repository`,
        { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfigurations: [{ encryptionType: "AES256" }] },
        { parent },
        inputs.transforms?.repository,
    );
    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, { parent });
    const context = dockerAssetDir("web-author");
    const buildArgs = { KIT_URL: inputs.kitUrl };
    const built = createChild(
        docker.Image,
        `${name}-image`,
        {
            // Tagged with the digest of the build context and arguments: an unchanged checkout neither rebuilds nor
            // changes the task, and the repository's immutable tags never meet a different image under one tag.
            imageName: pulumi.interpolate`${repository.repositoryUrl}:${contextDigest(context, buildArgs)}`,
            build: { context, dockerfile: `${context}/Dockerfile`, platform: "linux/amd64", args: buildArgs },
            registry: { server: repository.repositoryUrl, username: token.userName, password: pulumi.secret(token.password) },
        },
        { parent },
        inputs.transforms?.image,
    );
    return { image: built.imageName, repository };
}

/**
 * One Web Author on ECS Fargate: its secret, image, encrypted EFS data directory, log group, roles, cluster, task
 * definition and service, registered in the environment's target group.
 */
export function createAwsWebAuthorService(
    parent: pulumi.Resource,
    name: string,
    inputs: AwsWebAuthorServiceInputs,
    targetGroupArn: pulumi.Input<string>,
    dependsOn: pulumi.Resource[],
) {
    const opts = { parent };
    const { secret, version: secretVersion } = createEnvironmentSecret(parent, name, `${name} passwords`, inputs.secretJson, inputs.transforms);
    const { image, repository } = webAuthorImage(parent, name, inputs);

    const fileSystemName = `${name}-data`;
    const fileSystem = createChild(
        aws.efs.FileSystem,
        fileSystemName,
        { encrypted: true, throughputMode: "elastic", tags: { Name: fileSystemName } }, // Options, admin users, the encryption key, frameworks and plugins: never deleted by Pulumi.
        { parent, retainOnDelete: true },
        inputs.transforms?.fileSystem,
    );
    // AWS Backup's daily EFS plan: the data directory holds the admin users and the encryption key of saved passwords.
    createChild(
        aws.efs.BackupPolicy,
        `${name}-data-backup`,
        { fileSystemId: fileSystem.id, backupPolicy: { status: "ENABLED" } },
        opts,
        inputs.transforms?.backupPolicy,
    );
    const mountTarget = createChild(
        aws.efs.MountTarget,
        `${name}-data-mount`,
        { fileSystemId: fileSystem.id, subnetId: inputs.privateSubnetId, securityGroups: [inputs.fileSystemSecurityGroupId] },
        opts,
        inputs.transforms?.mountTarget,
    );
    const accessPoint = createChild(
        aws.efs.AccessPoint,
        `${name}-data-access`,
        {
            fileSystemId: fileSystem.id,
            posixUser: { uid: DATA_DIR_OWNER.uid, gid: DATA_DIR_OWNER.gid },
            rootDirectory: { path: "/web-author-data", creationInfo: { ownerUid: DATA_DIR_OWNER.uid, ownerGid: DATA_DIR_OWNER.gid, permissions: "750" } },
            tags: { Name: `${name}-data` },
        },
        opts,
        inputs.transforms?.accessPoint,
    );

    const logGroup = createChild(aws.cloudwatch.LogGroup, `${name}-logs`, { retentionInDays: inputs.logRetentionDays }, opts, inputs.transforms?.logGroup);

    // The execution role starts the task: pulls the image, writes logs, and reads exactly this environment's secret.
    const executionRole = createChild(
        aws.iam.Role,
        `${name}-execution`,
        {
            namePrefix: `${inputs.iamRoleNameBase}${ROLE_PURPOSES.execution}`,
            assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
            description: `${name}: start the task`,
        },
        { ...opts, ...KEEP_PHYSICAL_NAME },
        inputs.transforms?.role,
    );
    createChild(
        aws.iam.RolePolicyAttachment,
        `${name}-execution-ecs`,
        { role: executionRole.name, policyArn: managedPolicyArn(inputs.region, MANAGED_POLICIES.ecsTaskExecution) },
        opts,
        inputs.transforms?.rolePolicyAttachment,
    );
    createChild(
        aws.iam.RolePolicy,
        `${name}-execution-secret`,
        { role: executionRole.id, policy: readSecretsPolicy([secret.arn]) },
        opts,
        inputs.transforms?.rolePolicy,
    );
    // The task role is what Web Author itself may do: mount and write its own data directory, through its access point.
    const taskRole = createChild(
        aws.iam.Role,
        `${name}-task`,
        {
            namePrefix: `${inputs.iamRoleNameBase}${ROLE_PURPOSES.task}`,
            assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
            description: `${name}: the running Web Author`,
        },
        { ...opts, ...KEEP_PHYSICAL_NAME },
        inputs.transforms?.role,
    );
    createChild(
        aws.iam.RolePolicy,
        `${name}-task-efs`,
        {
            role: taskRole.id,
            policy: pulumi.all([fileSystem.arn, accessPoint.arn]).apply(([fileSystemArn, accessPointArn]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                            Resource: fileSystemArn,
                            Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": accessPointArn } },
                        },
                    ],
                }),
            ),
        },
        opts,
        inputs.transforms?.rolePolicy,
    );

    const cluster = createChild(aws.ecs.Cluster, `${name}-cluster`, {}, opts, inputs.transforms?.cluster);
    const health = webAuthorHealthCheck(inputs.startTimeoutSeconds, ECS_MAX_START_PERIOD_SECONDS);
    // `valueFrom` names the secret's version: a changed password makes a new version, a new task definition and a
    // rolling deployment, so running tasks never keep a stale password.
    const containerDefinitions = pulumi
        .all([image, secret.arn, secretVersion.versionId, logGroup.name])
        .apply(([imageUri, secretArn, secretVersionId, logGroupName]) =>
            JSON.stringify([
                {
                    name: WEB_AUTHOR_CONTAINER_NAME,
                    image: imageUri,
                    essential: true,
                    portMappings: [{ containerPort: WEB_AUTHOR_CONTAINER_PORT, protocol: "tcp" }],
                    // Plain settings only; the passwords come through `secrets` below, never as plain environment.
                    environment: webAuthorVariables(inputs, "injected"),
                    // The secret's JSON keys are the image's secret values (licenseServerPassword, adminSetupPassword).
                    secrets: WEB_AUTHOR_SECRETS.map(({ variable, value }) => ({ name: variable, valueFrom: `${secretArn}:${value}::${secretVersionId}` })),
                    mountPoints: [{ sourceVolume: "data", containerPath: WEB_AUTHOR_PATHS.dataDir, readOnly: false }],
                    healthCheck: {
                        command: ["CMD-SHELL", `curl -fsS ${health.url} || exit 1`],
                        interval: health.intervalSeconds,
                        timeout: health.timeoutSeconds,
                        retries: health.retries,
                        startPeriod: health.startPeriodSeconds,
                    },
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": logGroupName, "awslogs-region": inputs.region, "awslogs-stream-prefix": "web-author" },
                    },
                },
            ]),
        );
    const taskName = `${name}-task-definition`;
    const taskDefinition = createChild(
        aws.ecs.TaskDefinition,
        taskName,
        {
            family: name,
            cpu: String(Math.round(inputs.cpus * 1024)),
            memory: String(inputs.memoryMb),
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            volumes: [
                {
                    name: "data",
                    efsVolumeConfiguration: {
                        fileSystemId: fileSystem.id,
                        transitEncryption: "ENABLED",
                        authorizationConfig: { accessPointId: accessPoint.id, iam: "ENABLED" },
                    },
                },
            ],
            containerDefinitions,
        },
        opts,
        inputs.transforms?.taskDefinition,
    );
    const serviceName = `${name}-service`;
    const service = createChild(
        aws.ecs.Service,
        serviceName,
        {
            cluster: cluster.arn,
            taskDefinition: taskDefinition.arn,
            desiredCount: inputs.desiredCount,
            launchType: "FARGATE",
            networkConfiguration: { subnets: [inputs.privateSubnetId], securityGroups: [inputs.securityGroupId], assignPublicIp: false },
            loadBalancers: [{ targetGroupArn, containerName: WEB_AUTHOR_CONTAINER_NAME, containerPort: WEB_AUTHOR_CONTAINER_PORT }],
            // Tomcat and Web Author take minutes to start cold; the target group's failures before then do not count.
            healthCheckGracePeriodSeconds: inputs.startTimeoutSeconds,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            propagateTags: "SERVICE",
            // `pulumi up` returns when the task is healthy, as the Docker platform waits for the container.
            waitForSteadyState: true,
        },
        { parent, dependsOn: [...dependsOn, mountTarget, secretVersion] },
        inputs.transforms?.service,
    );
    return { secret, repository, fileSystem, accessPoint, logGroup, executionRole, taskRole, cluster, taskDefinition, service };
}
