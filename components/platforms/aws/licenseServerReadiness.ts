import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AGENT_REGISTRATION_SECONDS, readinessTimeouts, renderReadinessCheck } from "../../contract/licenseServerReadiness";
import { LICENSE_SERVER_CONTAINER_PORT } from "../../images/licenseServer";
import { repositoryFileText } from "../shared/repositoryFiles";
import { createChild, Transform } from "../shared/transform";
import { awaitLicenseServerReady } from "./readiness/awaitReady";
import { sdkReadinessSsm } from "./readiness/ssmApi";

/** What the readiness gate is given; every field is an input of the resource (a change replaces the gate). */
export interface LicenseServerReadinessArgs {
    /** The instance to check. A new instance (a replacement) makes a new gate, hence a new check. */
    readonly instanceId: pulumi.Input<string>;
    /** The instance's region (where its SSM agent registers). */
    readonly region: pulumi.Input<string>;
    /** The check, as AWS-RunShellScript's `commands` (`renderReadinessCheck`). */
    readonly commands: pulumi.Input<string>;
    /** Longest wait for the instance's SSM agent to come online, seconds. */
    readonly agentSeconds: pulumi.Input<number>;
    /** SSM's `executionTimeout` of the check, seconds. */
    readonly executionSeconds: pulumi.Input<number>;
    /** Between two SSM calls, seconds. */
    readonly pollSeconds: pulumi.Input<number>;
}

type ReadinessProps = { readonly [K in keyof LicenseServerReadinessArgs]: pulumi.Unwrap<LicenseServerReadinessArgs[K]> };

/** The inputs whose change makes a new gate (a new check), which is all of them. */
const GATE_INPUTS: ReadonlyArray<keyof ReadinessProps> = ["instanceId", "region", "commands", "agentSeconds", "executionSeconds", "pollSeconds"];

/**
 * The gate's provider. `create` waits until the check passed on the instance, or fails `pulumi up` with the check's
 * own message (nothing is recorded then, so the next `pulumi up` checks again). There is no `update`: any change
 * replaces the gate, that is, checks again. Deleting a gate deletes nothing in AWS.
 * @internal
 */
export const readinessProvider: pulumi.dynamic.ResourceProvider = {
    async create(props: ReadinessProps) {
        const result = await awaitLicenseServerReady(sdkReadinessSsm(props.region), {
            instanceId: props.instanceId,
            commands: props.commands,
            agentSeconds: props.agentSeconds,
            executionSeconds: props.executionSeconds,
            pollMs: props.pollSeconds * 1000,
        });
        return { id: `${props.instanceId}-ready`, outs: { ...props, result } };
    },
    async diff(_id: string, olds: ReadinessProps, news: ReadinessProps) {
        const replaces = GATE_INPUTS.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
};

/**
 * The readiness gate of an EC2 license server: a resource whose creation completes only once the license servlet on
 * the instance answers. It waits for the instance's SSM agent (its role has `AmazonSSMManagedInstanceCore`), runs
 * `ec2/license-server/await-ready.sh` through AWS-RunShellScript, and waits for that run (platforms/aws/readiness/).
 * Whatever must wait for this license server depends on the gate, not on the instance, which EC2 reports running
 * minutes before Tomcat answers.
 *
 * A dynamic resource calling SSM with the AWS SDK's default credentials, because no resource of the AWS provider waits
 * for a command on a given instance: an SSM association's `waitForSuccessTimeoutSeconds` can return at once when the
 * association is created before the instance's agent registered (hashicorp/terraform-provider-aws#31175).
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
