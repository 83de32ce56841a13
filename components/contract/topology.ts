import type { AwsConfig } from "../config/awsSchema";
import type { DeploymentConfig } from "../config/schema";
import type { SecretValue } from "../config/secretValue";
import { Part, PARTS, Role, ROLES } from "../config/placement";

export { PARTS, ROLES };
export type { Part, Role };

/**
 * The redundancy rules of the vendor topic "Redundancy Deployment for Web Author", stated once:
 * - two environments, each with one license server and one Web Author;
 * - every Web Author uses production's license server as main and redundancy's as backup;
 * - production's key goes to production's license server only, the redundancy key to redundancy's only;
 * - the load balancer sends users to redundancy's Web Author only while production's is down.
 * Platforms read this plan; they never decide who points where.
 */

/**
 * Which environment's license server is main and which is backup: the same for both Web Authors.
 * @internal
 */
export const LICENSE_SERVER_ORDER = { main: "production", backup: "redundancy" } as const satisfies Record<string, Role>;

/**
 * Which environment's Web Author is the load balancer's active server and which is its backup.
 * @internal
 */
export const WEB_AUTHOR_ORDER = { active: "production", backup: "redundancy" } as const satisfies Record<string, Role>;

/** Web Author's context path (images from 25.0 on; 24.x used `/oxygenxml-web-author`). */
export const WEB_AUTHOR_CONTEXT_PATH = "/oxygen-xml-web-author";
/** Health endpoint (topic webapp-loadbalancing): 200 when healthy, 503 with a reason when not. */
export const WEB_AUTHOR_STATUS_PATH = `${WEB_AUTHOR_CONTEXT_PATH}/rest-public/status`;
export const WEB_AUTHOR_APP_PATH = `${WEB_AUTHOR_CONTEXT_PATH}/app/oxygen.html`;
export const WEB_AUTHOR_ADMIN_PATH = `${WEB_AUTHOR_CONTEXT_PATH}/app/admin.html`;
export const WEB_AUTHOR_WEBSOCKET_PATH = `${WEB_AUTHOR_CONTEXT_PATH}/ws`;

/**
 * The license key that belongs on `role`'s license server, and nowhere else.
 * @internal
 */
export function licenseKeyFor(config: DeploymentConfig, role: Role): SecretValue {
    return role === "production" ? config.productionLicenseKey : config.redundancyLicenseKey;
}

/**
 * An `ec2`-mode license server's stable name in the private Route 53 zone (AWS platform).
 * @internal
 */
export function licenseServerDnsName(role: Role, privateZoneName: string): string {
    return `license-${role}.${privateZoneName}`;
}

/**
 * What the AWS load balancers serve: HTTPS with the certificate, plain HTTP only with the explicit opt-in.
 * @internal
 */
export function awsScheme(aws: Pick<AwsConfig, "certificateArn" | "allowPlainHttp">): "https" | "http" {
    return aws.certificateArn === undefined && aws.allowPlainHttp ? "http" : "https";
}

export interface Endpoint {
    readonly host: string;
    readonly port: number;
}
