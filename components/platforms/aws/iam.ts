import * as pulumi from "@pulumi/pulumi";

/**
 * IAM policy documents as JSON text. Built by hand rather than with `aws.iam.getPolicyDocument`, which is an invoke:
 * a document is data, and the tests should read it as such.
 */

/** Trust policy letting an AWS service (e.g. `ec2.amazonaws.com`, `ecs-tasks.amazonaws.com`) assume the role. */
export function assumeRolePolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** Allows reading exactly the given secrets, nothing else. */
export function readSecretsPolicy(secretArns: pulumi.Input<string>[]): pulumi.Output<string> {
    return pulumi.all(secretArns).apply((arns) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: arns }],
        }),
    );
}

/** AWS managed policies, by ARN suffix. */
export const MANAGED_POLICIES = {
    /** SSM Session Manager (admin access without SSH or a public IP). */
    ssmCore: "AmazonSSMManagedInstanceCore",
    /** ECS: pull from ECR, write to CloudWatch Logs. */
    ecsTaskExecution: "service-role/AmazonECSTaskExecutionRolePolicy",
} as const;

/** The ARN partition of a region, known without asking AWS (an `aws.getPartition` invoke would do the same). */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

export function managedPolicyArn(region: string, policy: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/${policy}`;
}
