import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { readinessTimeouts, renderReadinessCheck } from "../../contract/licenseServerReadiness";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../images/licenseServer";
import { repositoryFileText } from "../shared/repositoryFiles";
import { createChild, Transform } from "../shared/transform";

/** AWS's document that runs shell commands on Linux instances (Run Command, State Manager). */
export const RUN_SHELL_SCRIPT_DOCUMENT = "AWS-RunShellScript";

export interface ReadinessGateInputs {
    /** The instance to check. A new instance (a replacement) makes a new association, hence a new check. */
    readonly instance: aws.ec2.Instance;
    /** What must exist before the check can pass (the data volume's attachment: the setup waits for the volume). */
    readonly after: pulumi.Resource[];
    /** The servlet's context path. */
    readonly contextPath: string;
    /** `aws.licenseServer.readyTimeoutSeconds`. */
    readonly timeoutSeconds: number;
    readonly transform?: Transform<aws.ssm.AssociationArgs>;
}

/**
 * The readiness gate of an EC2 license server: a State Manager association that runs the check on the instance once,
 * through the instance's SSM agent (its role has `AmazonSSMManagedInstanceCore`), and that `pulumi up` waits on
 * (`waitForSuccessTimeoutSeconds`) until the check passes. Whatever must wait for this license server depends on the
 * association, not on the instance, which EC2 reports running minutes before Tomcat answers.
 *
 * The provider waits on create only (an in-place update of an association returns at once), so the association is
 * replaced on any change (`replaceOnChanges: ["*"]`). That also covers a failed check: Pulumi keeps an association
 * whose wait failed as a resource with initialization errors, and with `"*"` the next `pulumi up` replaces it, so the
 * check runs, and is waited for, again (pulumi/pulumi step generator, applyReplaceOnChanges).
 */
export function createLicenseServerReadinessGate(parent: pulumi.Resource, name: string, inputs: ReadinessGateInputs): aws.ssm.Association {
    const timeouts = readinessTimeouts(inputs.timeoutSeconds);
    const commands = renderReadinessCheck(
        { contextPath: inputs.contextPath, port: LICENSE_SERVER_CONTAINER_PORT, timeoutSeconds: inputs.timeoutSeconds },
        repositoryFileText("ec2/license-server/await-ready.sh"),
    );
    return createChild(
        aws.ssm.Association,
        `${name}-ready`,
        {
            name: RUN_SHELL_SCRIPT_DOCUMENT,
            targets: [{ key: "InstanceIds", values: [inputs.instance.id] }],
            parameters: { commands, executionTimeout: String(timeouts.execution) },
            waitForSuccessTimeoutSeconds: timeouts.deployment,
        },
        { parent, dependsOn: [inputs.instance, ...inputs.after], replaceOnChanges: ["*"] },
        inputs.transform,
    );
}
