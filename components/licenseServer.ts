import type * as aws from "@pulumi/aws";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { AwsLicenseServerInputs, createAwsLicenseServer } from "./platforms/aws/licenseServerInstance";
import { createDockerLicenseServer, DockerLicenseServerContainer, DockerLicenseServerTransforms } from "./platforms/docker/licenseServerContainer";

export interface LicenseServerArgs {
    /** Which environment this license server belongs to; decides which key it may hold. */
    readonly role: Role;
    /**
     * `external`: an existing server (VM or host) that this component only records; `container`: a local-trial
     * container on Docker (the vendor does not support license servers in containers); `ec2`: an EC2 instance on AWS.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/floating-license-servlet-setup.html
     */
    readonly mode: "external" | "container" | "ec2";
    /** Page where the key is pasted and activated once (container: the published port; ec2: the private name; external: the server's page). */
    readonly activationUrl: string;
    /** `container` mode only: the container's settings and secrets. */
    readonly container?: DockerLicenseServerContainer;
    /** Per-child escape hatches (container mode). */
    readonly transforms?: DockerLicenseServerTransforms;
    /** `ec2` mode only: the instance's placement, secret and settings (with its own transforms). */
    readonly ec2?: AwsLicenseServerInputs;
    /** Rolling changes: resources the container or instance is changed after (Environment's `after`). Default: none. */
    readonly waitFor?: pulumi.Resource[];
}

/** One HTTP License Server: a local-trial container on Docker, an EC2 instance on AWS, or a record of an external server. */
export class LicenseServer extends pulumi.ComponentResource {
    /** Where the one-time key activation is done. */
    readonly activationUrl: pulumi.Output<string>;
    /** The container (container mode only). */
    readonly container: docker.Container | undefined;
    /** The instance, its retained network interface and data volume, and its private DNS record (ec2 mode only). */
    readonly ec2:
        | {
              readonly instance: aws.ec2.Instance;
              readonly networkInterface: aws.ec2.NetworkInterface;
              readonly dataVolume: aws.ebs.Volume;
              readonly dnsRecord: aws.route53.Record;
          }
        | undefined;

    constructor(name: string, args: LicenseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:LicenseServer", name, {}, opts);
        if (args.mode === "container") {
            if (args.container === undefined) throw new Error(`LicenseServer ${name}: args.container is required in container mode`);
            this.container = createDockerLicenseServer(this, name, args.container, args.transforms, args.waitFor).container;
        }
        if (args.mode === "ec2") {
            if (args.ec2 === undefined) throw new Error(`LicenseServer ${name}: args.ec2 is required in ec2 mode`);
            this.ec2 = createAwsLicenseServer(this, name, args.ec2, args.waitFor);
        }
        this.activationUrl = pulumi.output(args.activationUrl);
        this.registerOutputs({ activationUrl: this.activationUrl, instanceId: this.ec2?.instance.id });
    }
}
