import type { LicenseServerPart } from "./platform";

/** An external license server has no children: the component only records where it is. */
export interface ExternalLicenseServerChildren {
    readonly kind: "external";
}

/**
 * An existing license server (a VM or host of yours, the production way on any platform): nothing is registered,
 * the component records its URLs.
 */
export function externalLicenseServer(urls: { readonly activationUrl: string; readonly url: string }): LicenseServerPart<ExternalLicenseServerChildren> {
    // Nothing of ours runs it, so nothing says it is healthy: the next part in the rolling order waits for what this
    // one was told to wait for.
    return { ...urls, build: () => ({ kind: "external" }), outputs: () => ({}), healthy: () => undefined };
}
