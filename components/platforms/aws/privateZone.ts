import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ROLES, type Role } from "../../contract/topology";
import { createChild, Transform } from "../shared/transform";
import type { EnvironmentNetwork } from "./network";

/**
 * The private hosted zone holding the license servers' stable names (`license-<role>.<zone>`), associated with every
 * VPC of the deployment so both Web Authors resolve both names.
 */
export function createPrivateZone(
    opts: pulumi.CustomResourceOptions,
    name: string,
    zoneName: string,
    networks: Record<Role, EnvironmentNetwork>,
    transform: Transform<aws.route53.ZoneArgs> | undefined,
) {
    // Environments on the shared network hold the same VPC (the same Output or the same ID): associate it once.
    const distinct = ROLES.map((role) => networks[role]).filter((net, index, all) => all.findIndex((other) => other.vpcId === net.vpcId) === index);
    return createChild(
        aws.route53.Zone,
        `${name}-private-zone`,
        { name: zoneName, comment: "oxygen-webauthor-ha: license servers", vpcs: distinct.map((net) => ({ vpcId: net.vpcId, vpcRegion: net.region })) },
        opts,
        transform,
    );
}
