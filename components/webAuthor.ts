import type * as aws from "@pulumi/aws";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { AwsEntranceInputs, createAwsEntrance } from "./platforms/aws/webAuthorEntrance";
import { AwsWebAuthorServiceInputs, createAwsWebAuthorService } from "./platforms/aws/webAuthorService";
import { createDockerWebAuthor, DockerWebAuthorInputs } from "./platforms/docker/webAuthorContainer";

/** A Web Author container on a Docker host. */
export interface DockerWebAuthorArgs extends DockerWebAuthorInputs {
    /** Default: `docker`. */
    readonly platform?: "docker";
}

/** A Web Author service on ECS Fargate behind its environment's Application Load Balancer. */
export interface AwsWebAuthorArgs {
    readonly platform: "aws";
    /** The task, its image, secret, data directory and logs. */
    readonly service: AwsWebAuthorServiceInputs;
    /** The environment's ALB and target group. */
    readonly entrance: AwsEntranceInputs;
}

export type WebAuthorArgs = (DockerWebAuthorArgs | AwsWebAuthorArgs) & {
    /** Which environment this Web Author belongs to (`production` is the active one, redundancy the backup). */
    readonly role: Role;
    /** Rolling changes: resources the container or service is changed after (Environment's `after`). Default: none. */
    readonly waitFor?: pulumi.Resource[];
};

/** One Web Author, connected to the main and backup license servers, with its data directory persisted. */
export class WebAuthor extends pulumi.ComponentResource {
    /** Docker: the container and its retained data volume. */
    readonly container: docker.Container | undefined;
    readonly dataVolume: docker.Volume | undefined;
    /** AWS: the service, its retained file system and its ALB. */
    readonly aws:
        | {
              readonly service: aws.ecs.Service;
              readonly fileSystem: aws.efs.FileSystem;
              readonly loadBalancer: aws.lb.LoadBalancer;
              readonly targetGroup: aws.lb.TargetGroup;
          }
        | undefined;

    constructor(name: string, args: WebAuthorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:WebAuthor", name, {}, opts);
        if (args.platform === "aws") {
            const entrance = createAwsEntrance(this, args.entrance);
            // The target group must belong to a listener before a service can register in it.
            const created = createAwsWebAuthorService(this, name, args.service, entrance.targetGroup.arn, [...entrance.listeners, ...(args.waitFor ?? [])]);
            this.aws = { service: created.service, fileSystem: created.fileSystem, loadBalancer: entrance.loadBalancer, targetGroup: entrance.targetGroup };
            this.registerOutputs({ loadBalancerDnsName: entrance.loadBalancer.dnsName });
        } else {
            const created = createDockerWebAuthor(this, name, args, args.waitFor);
            this.container = created.container;
            this.dataVolume = created.dataVolume;
            this.registerOutputs({ containerName: args.containerName });
        }
    }
}
