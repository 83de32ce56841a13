/** Entry point named in Pulumi.yaml: deploys the stack and exports what users need. */
import * as pulumi from "@pulumi/pulumi";
import { deployStack } from "./program";

const deployment = deployStack();

export const publicUrl = deployment.publicUrl;
export const adminUrl = deployment.adminUrl;
export const licensing = deployment.licensing;
export const environments = deployment.environmentOutputs;
export const activationNote = pulumi.interpolate`Activate each key once: production at ${deployment.environmentOutputs.production.activationUrl}, redundancy at ${deployment.environmentOutputs.redundancy.activationUrl}`;
