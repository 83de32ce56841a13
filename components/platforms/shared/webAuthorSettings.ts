import type { DeploymentConfig } from "../../config/schema";

/** What every Web Author needs, whatever runs it (a Docker container or an ECS task); the platforms add placement. */
export interface WebAuthorSettings {
    /**
     * Main and backup license servlet URLs and the user, from the contract's plan: the same main (production) and
     * backup (redundancy) for both Web Authors. Written to `license.properties` by the image's entrypoint.
     * @see https://www.oxygenxml.com/doc/versions/28.0/ug-webauthor/topics/webapp_licensing.html
     */
    readonly licensing: { readonly mainUrl: string; readonly backupUrl: string; readonly user: string };
    /** Your own image instead of building docker/web-author (it must honour the same entrypoint inputs). Default: build it. */
    readonly image?: string;
    /** All-platforms kit URL the image is built from. */
    readonly kitUrl: string;
    /** CPU cores (vCPU on Fargate). Vendor minimum: 2. */
    readonly cpus: number;
    /** Memory limit, MiB. Vendor recommendation: 6144. */
    readonly memoryMb: number;
    /** `-Xmx`, MiB. */
    readonly maxHeapMb: number;
    /** `networkaddress.cache.ttl`, seconds. */
    readonly dnsCacheTtlSeconds: number;
    /** How long a cold start may take before failed health checks count (and `pulumi up` gives up), seconds. */
    readonly startTimeoutSeconds: number;
}

/** The settings both platforms take from `webAuthor.*` as they are: read in one place. */
export function webAuthorSettingsFrom(webAuthor: DeploymentConfig["webAuthor"]): Omit<WebAuthorSettings, "licensing"> {
    return {
        image: webAuthor.image,
        kitUrl: webAuthor.kitUrl,
        cpus: webAuthor.cpus,
        memoryMb: webAuthor.memoryMb,
        maxHeapMb: webAuthor.maxHeapMb,
        dnsCacheTtlSeconds: webAuthor.dnsCacheTtlSeconds,
        startTimeoutSeconds: webAuthor.startTimeoutSeconds,
    };
}
