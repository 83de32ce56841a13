import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { contextDigest, dockerAssetDir } from "../shared/buildContext";
import { createChild, Transform } from "../shared/transform";

/**
 * Builds one of the repository's images (docker/<asset>) on the Docker host of the resource's provider, tagged with
 * its content digest (files and build arguments). `keepLocally`: both environments may share a host and so a tag; neither may delete it from
 * under the other.
 */
export function buildRepositoryImage(
    parent: pulumi.Resource,
    resourceName: string,
    asset: "web-author" | "license-server",
    buildArgs: Record<string, string>,
    transform: Transform<docker.RemoteImageArgs> | undefined,
): docker.RemoteImage {
    const context = dockerAssetDir(asset);
    return createChild(
        docker.RemoteImage,
        resourceName,
        // The tag names the content: the build context's files and the build arguments (another kit, another WAR).
        {
            name: `oxygen-webauthor-ha/${asset}:${contextDigest(context, buildArgs)}`,
            build: { context, dockerfile: "Dockerfile", buildArgs },
            keepLocally: true,
        },
        { parent },
        transform,
    );
}
