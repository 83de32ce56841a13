import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../../config/awsSchema";
import { Role, ROLES } from "../../contract/topology";
import { AwsPlan, DEFAULT_VPC_CIDR, PRIVATE_SUBNET_OFFSET, subnetCidr } from "../../contract/awsPlan";
import { createChild, Transform } from "../shared/transform";

/** Where one environment's resources go. */
export interface EnvironmentNetwork {
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 CIDR (used for rules across VPCs). */
    readonly vpcCidrBlock: string;
    /** The VPC's region, for the private zone association. */
    readonly region: string;
    /** Public subnets for the environment's ALB, at least two zones. */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** The one private subnet of this environment (its availability zone). */
    readonly privateSubnetId: pulumi.Input<string>;
    /** The private subnet's availability zone (where the license server's data volume must be). */
    readonly availabilityZone: pulumi.Input<string>;
}

/** Per-child escape hatches of a created VPC: one per resource type (a transform sees the child's name). */
export interface NetworkTransforms {
    readonly vpc?: Transform<aws.ec2.VpcArgs>;
    readonly internetGateway?: Transform<aws.ec2.InternetGatewayArgs>;
    readonly routeTable?: Transform<aws.ec2.RouteTableArgs>;
    readonly subnet?: Transform<aws.ec2.SubnetArgs>;
    readonly routeTableAssociation?: Transform<aws.ec2.RouteTableAssociationArgs>;
    readonly eip?: Transform<aws.ec2.EipArgs>;
    readonly natGateway?: Transform<aws.ec2.NatGatewayArgs>;
}

/**
 * A VPC in (at least) two availability zones: per zone one public subnet (ALBs, NAT gateway) and one private subnet
 * (license server, Web Author, file system). Each zone has its own NAT gateway and private route table, so a zone's
 * outage never cuts the other environment's egress (activation, image pulls).
 */
function createVpc(opts: pulumi.CustomResourceOptions, name: string, aws_: AwsConfig, transforms: NetworkTransforms | undefined) {
    const cidr = aws_.network.cidrBlock ?? DEFAULT_VPC_CIDR;
    const zones: pulumi.Output<string[]> =
        aws_.network.availabilityZones !== undefined
            ? pulumi.output(aws_.network.availabilityZones)
            : aws.getAvailabilityZonesOutput(
                  { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
                  { parent: opts.parent, provider: opts.provider },
              ).names;
    const zoneCount = aws_.network.availabilityZones?.length ?? 2;
    const vpc = createChild(
        aws.ec2.Vpc,
        `${name}-vpc`,
        { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } },
        opts,
        transforms?.vpc,
    );
    const gateway = createChild(aws.ec2.InternetGateway, `${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, opts, transforms?.internetGateway);
    const publicRoutes = createChild(
        aws.ec2.RouteTable,
        `${name}-public-routes`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }] },
        opts,
        transforms?.routeTable,
    );
    const publicSubnetIds: pulumi.Output<string>[] = [];
    const privateSubnetIds: pulumi.Output<string>[] = [];
    const zoneOfPrivateSubnet: pulumi.Output<string>[] = [];
    for (let zone = 0; zone < zoneCount; zone++) {
        const availabilityZone = zones.apply((names) => {
            if (names.length <= zone) throw new Error(`the region has ${names.length} available zone(s); the deployment needs ${zoneCount}`);
            return names[zone] as string;
        });
        const subnet = (tier: "public" | "private", index: number) => {
            const subnetName = `${name}-${tier}-${zone}`;
            return createChild(
                aws.ec2.Subnet,
                subnetName,
                { vpcId: vpc.id, cidrBlock: subnetCidr(cidr, index), availabilityZone, mapPublicIpOnLaunch: false, tags: { Name: subnetName, tier } },
                opts,
                transforms?.subnet,
            );
        };
        const publicSubnet = subnet("public", zone);
        const privateSubnet = subnet("private", PRIVATE_SUBNET_OFFSET + zone);
        createChild(
            aws.ec2.RouteTableAssociation,
            `${name}-public-${zone}-routes-link`,
            { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
            opts,
            transforms?.routeTableAssociation,
        );
        const eip = createChild(aws.ec2.Eip, `${name}-nat-ip-${zone}`, { domain: "vpc", tags: { Name: `${name}-nat-ip-${zone}` } }, opts, transforms?.eip);
        const natName = `${name}-nat-${zone}`;
        const nat = createChild(
            aws.ec2.NatGateway,
            natName,
            { subnetId: publicSubnet.id, allocationId: eip.id, tags: { Name: natName } },
            { ...opts, dependsOn: [gateway] },
            transforms?.natGateway,
        );
        const privateRoutes = createChild(
            aws.ec2.RouteTable,
            `${name}-private-${zone}-routes`,
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] },
            opts,
            transforms?.routeTable,
        );
        createChild(
            aws.ec2.RouteTableAssociation,
            `${name}-private-${zone}-routes-link`,
            { subnetId: privateSubnet.id, routeTableId: privateRoutes.id },
            opts,
            transforms?.routeTableAssociation,
        );
        publicSubnetIds.push(publicSubnet.id);
        privateSubnetIds.push(privateSubnet.id);
        zoneOfPrivateSubnet.push(availabilityZone);
    }
    return { vpcId: vpc.id, cidr, publicSubnetIds, privateSubnetIds, zoneOf: (index: number) => zoneOfPrivateSubnet[index] as pulumi.Input<string> };
}

/**
 * Each environment's network: its own existing VPC when configured (another region), else the shared one, which is
 * an existing VPC or one created here with the top-level provider. Environments on the shared network take the
 * private subnet at their `subnetIndex`, so by default production and redundancy sit in different zones.
 */
export function environmentNetworks(
    opts: pulumi.CustomResourceOptions,
    name: string,
    aws_: AwsConfig,
    plan: AwsPlan,
    transforms: NetworkTransforms | undefined,
    providerOf: (role: Role) => pulumi.ProviderResource | undefined,
): Record<Role, EnvironmentNetwork> {
    const needsShared = ROLES.some((role) => aws_[role].network === undefined);
    // An existing subnet's zone is looked up (an invoke); a created one's is known.
    const zoneOfExisting = (subnetId: string, provider: pulumi.ProviderResource | undefined) =>
        aws.ec2.getSubnetOutput({ id: subnetId }, { parent: opts.parent, provider }).availabilityZone;
    let shared:
        | {
              vpcId: pulumi.Input<string>;
              cidr: string;
              publicSubnetIds: pulumi.Input<string>[];
              privateSubnetIds: pulumi.Input<string>[];
              zoneOf: (index: number) => pulumi.Input<string>;
          }
        | undefined;
    if (needsShared) {
        const net = aws_.network;
        shared =
            net.vpcId !== undefined
                ? {
                      vpcId: net.vpcId,
                      cidr: net.cidrBlock as string,
                      publicSubnetIds: net.publicSubnetIds ?? [],
                      privateSubnetIds: net.privateSubnetIds ?? [],
                      zoneOf: (index: number) => zoneOfExisting((net.privateSubnetIds ?? [])[index] as string, opts.provider),
                  }
                : createVpc(opts, `${name}-network`, aws_, transforms);
    }
    const of = (role: Role): EnvironmentNetwork => {
        const own = aws_[role].network;
        const index = plan.environments[role].subnetIndex;
        if (own !== undefined) {
            const subnetId = own.privateSubnetIds[index] as string;
            return {
                vpcId: own.vpcId,
                vpcCidrBlock: own.cidrBlock,
                region: plan.environments[role].region,
                publicSubnetIds: own.publicSubnetIds,
                privateSubnetId: subnetId,
                availabilityZone: zoneOfExisting(subnetId, providerOf(role)),
            };
        }
        const net = shared as NonNullable<typeof shared>;
        return {
            vpcId: net.vpcId,
            vpcCidrBlock: net.cidr,
            region: aws_.region,
            publicSubnetIds: net.publicSubnetIds,
            privateSubnetId: net.privateSubnetIds[index] as pulumi.Input<string>,
            availabilityZone: net.zoneOf(index),
        };
    };
    return { production: of("production"), redundancy: of("redundancy") };
}
