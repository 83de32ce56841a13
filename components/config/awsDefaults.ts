import type { Role } from "./placement";

/** The AWS network defaults the config's JSDoc promises and validation checks against; the AWS plan builds on them. */

/** The VPC the component creates unless told otherwise. */
export const DEFAULT_VPC_CIDR = "10.40.0.0/16";
/** A created VPC is cut into 16 equal subnets: public ones from index 0, private ones from index 8 (so at most 8 zones). */
export const SUBNET_SLOTS = 16;
export const PRIVATE_SUBNET_OFFSET = 8;
/** Prefix lengths a created VPC may have: AWS allows /16 to /28, and its sixteenth parts must still be /28 or larger. */
export const CREATED_VPC_PREFIX = { min: 16, max: 24 } as const;

/** The default subnet (and zone) index of each environment: different zones unless the user says otherwise. */
export function defaultSubnetIndex(role: Role): number {
    return role === "production" ? 0 : 1;
}
