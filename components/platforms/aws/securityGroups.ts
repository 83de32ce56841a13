import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { Role, ROLES } from "../../contract/topology";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../images/licenseServer";
import { WEB_AUTHOR_CONTAINER_PORT } from "../../images/webAuthor";
import { createChild, Transform } from "../shared/transform";
import type { EnvironmentNetwork } from "./network";

/** NFS, the only port an EFS mount target needs. */
export const NFS_PORT = 2049;

export interface EnvironmentSecurityGroups {
    /** The ALB: the only group open to the internet (80 and 443). */
    readonly loadBalancer: aws.ec2.SecurityGroup;
    /** The Web Author tasks: reachable only from the environment's ALB. */
    readonly webAuthor: aws.ec2.SecurityGroup;
    /** The license server (ec2 mode): reachable only from the two Web Authors, on its port. */
    readonly licenseServer: aws.ec2.SecurityGroup | undefined;
    /** The Web Author's EFS mount target: NFS from the Web Author only. */
    readonly fileSystem: aws.ec2.SecurityGroup;
}

const ANYWHERE = "0.0.0.0/0";

/** Per-child escape hatches of the security groups and their rules (a transform sees the child's name). */
export interface SecurityGroupTransforms {
    readonly securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
    readonly securityGroupIngressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
    readonly securityGroupEgressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
}

/**
 * Every environment's security groups and every rule between them, in one place so the traffic picture reads at a
 * glance: internet → ALB (80, 443) → Web Author (8080) → both license servers (8080) and its own file system (NFS).
 * Rules are separate resources (not inline), so adding one never rewrites the group.
 * @param optsOf resource options per environment (its provider), with the parent.
 */
export function createSecurityGroups(
    optsOf: (role: Role) => pulumi.CustomResourceOptions,
    name: string,
    networks: Record<Role, EnvironmentNetwork>,
    listenerPorts: readonly number[],
    licenseServersOnEc2: boolean,
    transforms: SecurityGroupTransforms | undefined,
): Record<Role, EnvironmentSecurityGroups> {
    const group = (role: Role, part: string, description: string) =>
        createChild(
            aws.ec2.SecurityGroup,
            `${name}-${role}-${part}`,
            { vpcId: networks[role].vpcId, description, tags: { Name: `${name}-${role}-${part}` } },
            optsOf(role),
            transforms?.securityGroup,
        );
    const groups = Object.fromEntries(
        ROLES.map((role) => [
            role,
            {
                loadBalancer: group(role, "alb-sg", `Web Author ${role} ALB: HTTP(S) from the internet`),
                webAuthor: group(role, "web-author-sg", `Web Author ${role} tasks: from the ${role} ALB only`),
                licenseServer: licenseServersOnEc2 ? group(role, "license-server-sg", `License server ${role}: from the two Web Authors only`) : undefined,
                fileSystem: group(role, "efs-sg", `Web Author ${role} data (EFS): NFS from the ${role} Web Author only`),
            },
        ]),
    ) as Record<Role, EnvironmentSecurityGroups>;

    for (const role of ROLES) {
        const g = groups[role];
        const opts = optsOf(role);
        const rule = `${name}-${role}`;
        // Every rule of this environment: named after it, with its provider and the caller's transform.
        const ingress = (suffix: string, args: aws.vpc.SecurityGroupIngressRuleArgs) =>
            createChild(aws.vpc.SecurityGroupIngressRule, `${rule}-${suffix}`, args, opts, transforms?.securityGroupIngressRule);
        const egress = (suffix: string, args: aws.vpc.SecurityGroupEgressRuleArgs) =>
            createChild(aws.vpc.SecurityGroupEgressRule, `${rule}-${suffix}`, args, opts, transforms?.securityGroupEgressRule);
        for (const port of listenerPorts) {
            ingress(`alb-in-${port}`, {
                securityGroupId: g.loadBalancer.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: ANYWHERE,
                description: "Users",
            });
        }
        egress(`alb-out-web-author`, {
            securityGroupId: g.loadBalancer.id,
            ipProtocol: "tcp",
            fromPort: WEB_AUTHOR_CONTAINER_PORT,
            toPort: WEB_AUTHOR_CONTAINER_PORT,
            referencedSecurityGroupId: g.webAuthor.id,
            description: "To Web Author",
        });
        ingress(`web-author-in-alb`, {
            securityGroupId: g.webAuthor.id,
            ipProtocol: "tcp",
            fromPort: WEB_AUTHOR_CONTAINER_PORT,
            toPort: WEB_AUTHOR_CONTAINER_PORT,
            referencedSecurityGroupId: g.loadBalancer.id,
            description: "From the ALB",
        });
        // Out to the image registry, Secrets Manager, CloudWatch Logs (all HTTPS, through NAT), both license servers
        // (external ones may listen on any port) and the file system.
        egress(`web-author-out`, { securityGroupId: g.webAuthor.id, ipProtocol: "-1", cidrIpv4: ANYWHERE, description: "Egress" });
        ingress(`efs-in-web-author`, {
            securityGroupId: g.fileSystem.id,
            ipProtocol: "tcp",
            fromPort: NFS_PORT,
            toPort: NFS_PORT,
            referencedSecurityGroupId: g.webAuthor.id,
            description: "NFS from Web Author",
        });
        if (g.licenseServer !== undefined) {
            for (const source of ROLES) {
                // A group can name another group only inside one VPC; a Web Author in another VPC is admitted by
                // that VPC's CIDR (its private subnets are the only place tasks run).
                const sameVpc = networks[source].vpcId === networks[role].vpcId;
                ingress(`license-server-in-${source}`, {
                    securityGroupId: g.licenseServer.id,
                    ipProtocol: "tcp",
                    fromPort: LICENSE_SERVER_CONTAINER_PORT,
                    toPort: LICENSE_SERVER_CONTAINER_PORT,
                    ...(sameVpc ? { referencedSecurityGroupId: groups[source].webAuthor.id } : { cidrIpv4: networks[source].vpcCidrBlock }),
                    description: `From the ${source} Web Author`,
                });
            }
            // Activation with the vendor, packages, Secrets Manager and SSM, through NAT. No inbound SSH: admin access
            // is SSM Session Manager, which needs only this egress.
            egress(`license-server-out`, { securityGroupId: g.licenseServer.id, ipProtocol: "-1", cidrIpv4: ANYWHERE, description: "Egress" });
        }
    }
    return groups;
}
