import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, transformed } from "../../transform";
import { repositoryDir } from "../repositoryFiles";

/** The build context `docker/<name>` shipped with the package. */
export function dockerAssetDir(name: "web-author" | "license-server"): string {
    return repositoryDir(`docker/${name}`, "Dockerfile");
}

/**
 * A digest of a build context's files, used as the image's rebuild trigger: the image is rebuilt when, and only
 * when, the Dockerfile or the entrypoint changes, so an unchanged checkout previews quietly.
 */
export function contextDigest(dir: string, buildArgs: Readonly<Record<string, string>> = {}): string {
    const hash = createHash("sha256");
    for (const file of fs.readdirSync(dir).sort()) {
        hash.update(file)
            .update("\0")
            .update(fs.readFileSync(path.join(dir, file)))
            .update("\0");
    }
    // Build arguments change the image as much as the files do (e.g. another Web Author kit).
    for (const [key, value] of Object.entries(buildArgs).sort(([a], [b]) => a.localeCompare(b))) {
        hash.update(`arg:${key}=${value}`).update("\0");
    }
    return hash.digest("hex").slice(0, 16);
}

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
    return new docker.RemoteImage(
        resourceName,
        transformed(
            transform,
            // The tag names the content: the build context's files and the build arguments (another kit, another WAR).
            {
                name: `oxygen-webauthor-ha/${asset}:${contextDigest(context, buildArgs)}`,
                build: { context, dockerfile: "Dockerfile", buildArgs },
                keepLocally: true,
            },
            resourceName,
        ),
        { parent },
    );
}
