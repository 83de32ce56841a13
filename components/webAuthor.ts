import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import type { WebAuthorPart } from "./platforms/shared/platform";

export interface WebAuthorArgs<Children> {
    /** Which environment this Web Author belongs to (`production` is the active one, redundancy the backup). */
    readonly role: Role;
    /** How the platform runs it: a container on Docker, an ECS Fargate service behind its ALB on AWS. */
    readonly part: WebAuthorPart<Children>;
    /**
     * What this part's restarting resources wait for (Pulumi `dependsOn`): the part before it in the rolling order
     * (`ROLLING_SEQUENCE`, contract/rollingOrder.ts), healthy again. Default: nothing.
     */
    readonly waitFor?: readonly pulumi.Resource[];
}

/** One Web Author, connected to the main and backup license servers, with its data directory persisted. */
export class WebAuthor<Children = unknown> extends pulumi.ComponentResource {
    readonly role: Role;
    /** The Web Author app, bypassing the failover (published address, container URL, or its ALB). */
    readonly url: pulumi.Output<string>;
    /** The platform's children, typed by the platform (e.g. `DockerWebAuthorChildren`, `AwsWebAuthorChildren`). */
    readonly children: Children;
    /**
     * The child that says this part is healthy again (see `EnvironmentPartBuilder.healthy`), or undefined when nothing
     * of the deployment's runs it.
     */
    readonly healthy: pulumi.Resource | undefined;

    constructor(name: string, args: WebAuthorArgs<Children>, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:WebAuthor", name, {}, opts);
        this.role = args.role;
        this.children = args.part.build(this, name, args.waitFor ?? []);
        this.healthy = args.part.healthy(this.children);
        this.url = pulumi.output(args.part.url(this.children));
        this.registerOutputs(args.part.outputs(this.children));
    }
}
