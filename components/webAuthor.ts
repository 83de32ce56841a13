import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "./contract/topology";
import { createDockerWebAuthor, DockerWebAuthorInputs } from "./platforms/docker/webAuthorContainer";

export interface WebAuthorArgs extends DockerWebAuthorInputs {
    /** Which environment this Web Author belongs to (`production` is the load balancer's active server). */
    readonly role: Role;
}

/** One Web Author, connected to the main and backup license servers, with its data directory persisted. */
export class WebAuthor extends pulumi.ComponentResource {
    readonly container: docker.Container;
    readonly dataVolume: docker.Volume;

    constructor(name: string, args: WebAuthorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("oxygen-webauthor-ha:index:WebAuthor", name, {}, opts);
        const created = createDockerWebAuthor(this, name, args);
        this.container = created.container;
        this.dataVolume = created.dataVolume;
        this.registerOutputs({ containerName: args.containerName });
    }
}
