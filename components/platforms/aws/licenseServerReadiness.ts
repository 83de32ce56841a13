import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AGENT_REGISTRATION_SECONDS, readinessTimeouts, renderReadinessCheck } from "../../contract/licenseServerReadiness";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../images/licenseServer";
import { repositoryFileText } from "../shared/repositoryFiles";
import { createChild, Transform } from "../shared/transform";
import { LicenseServerReadinessArgs, readinessProvider } from "./readiness/gateProvider";

export { LicenseServerReadinessArgs } from "./readiness/gateProvider";

/**
 * The readiness gate of an EC2 license server: a resource whose creation completes only once the license servlet on
 * the instance answers. It waits for the instance's SSM agent (its role has `AmazonSSMManagedInstanceCore`), runs
 * `ec2/license-server/await-ready.sh` through AWS-RunShellScript, and waits for that run (platforms/aws/readiness/).
 * Whatever must wait for this license server depends on the gate, not on the instance, which EC2 reports running
 * minutes before Tomcat answers.
 *
 * A dynamic resource calling SSM with the AWS SDK's default credentials, because no resource of the AWS provider waits
 * for a command on a given instance: an SSM association's `waitForSuccessTimeoutSeconds` can return before the
 * association has run on the instance (hashicorp/terraform-provider-aws#31175).
 */
export class LicenseServerReadinessGate extends pulumi.dynamic.Resource {
    /** The check's last line when it passed, e.g. `ready: http://127.0.0.1:8080/oXygenLicenseServlet/ answered HTTP 401`. */
    declare readonly result: pulumi.Output<string>;

    constructor(name: string, args: LicenseServerReadinessArgs, opts?: pulumi.CustomResourceOptions) {
        super(readinessProvider, name, { ...args, result: undefined }, opts, undefined, "LicenseServerReadinessGate");
    }
}

export interface ReadinessGateInputs {
    /** The instance to check. */
    readonly instance: aws.ec2.Instance;
    /** Its type (a change restarts it in place; the gate checks again). */
    readonly instanceType: string;
    /** Its region. */
    readonly region: string;
    /** What must exist before the check can pass (the data volume's attachment: the setup waits for the volume). */
    readonly after: pulumi.Resource[];
    /** The servlet's context path. */
    readonly contextPath: string;
    /** `aws.licenseServer.readyTimeoutSeconds`. */
    readonly timeoutSeconds: number;
    readonly transform?: Transform<LicenseServerReadinessArgs>;
}

/** Seconds between two SSM calls of a gate. */
export const READINESS_POLL_SECONDS = 10;

/** Registers the readiness gate of one EC2 license server (`<name>-ready`). */
export function createLicenseServerReadinessGate(parent: pulumi.Resource, name: string, inputs: ReadinessGateInputs): LicenseServerReadinessGate {
    const commands = renderReadinessCheck(
        { contextPath: inputs.contextPath, port: LICENSE_SERVER_CONTAINER_PORT, timeoutSeconds: inputs.timeoutSeconds },
        repositoryFileText("ec2/license-server/await-ready.sh"),
    );
    return createChild(
        LicenseServerReadinessGate,
        `${name}-ready`,
        {
            instanceId: inputs.instance.id,
            instanceType: inputs.instanceType,
            region: inputs.region,
            commands,
            agentSeconds: AGENT_REGISTRATION_SECONDS,
            executionSeconds: readinessTimeouts(inputs.timeoutSeconds).execution,
            pollSeconds: READINESS_POLL_SECONDS,
        },
        { parent, dependsOn: [inputs.instance, ...inputs.after] },
        inputs.transform,
    );
}
