/** Entry point named in Pulumi.yaml: deploys the stack and exports what users need. */
import * as pulumi from "@pulumi/pulumi";
import { deployStack } from "./program";

const deployment = deployStack();

export const publicUrl = deployment.publicUrl;
export const adminUrl = deployment.adminUrl;
export const licensing = deployment.licensing;
/** Per environment: Web Author URL (its ALB on AWS), license-server URL and DNS name, activation URL. */
export const environments = deployment.environmentOutputs;
/** AWS only: the Route 53 health check and the PRIMARY/SECONDARY record IDs, and the worst-case failover time. */
export const failover = "failover" in deployment.platformOutputs ? deployment.platformOutputs.failover : undefined;
export const activationNote = pulumi.interpolate`Activate each key once: production at ${deployment.environmentOutputs.apply((envs) => envs.production.activationUrl)}, redundancy at ${deployment.environmentOutputs.apply((envs) => envs.redundancy.activationUrl)}`;
