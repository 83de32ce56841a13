import { renderPropertyLines } from "./javaProperties";

/**
 * Web Author's license-server connection file, with the keys the vendor documents (topic webapp_licensing):
 * `licensing.server.*` for the main server and the same keys prefixed with `backup.` for the backup server. The
 * vendor documents no `backup.licensing.server.type`, so none is written.
 */

/** One license server as a Web Author connects to it. */
export interface LicenseServerConnection {
    /** e.g. `http://host:8080/oXygenLicenseServlet/license-servlet` */
    readonly url: string;
    readonly user: string;
    readonly password: string;
}

/**
 * The documented keys, in the order they are written.
 * @internal
 */
export const LICENSE_PROPERTY_KEYS = {
    type: "licensing.server.type",
    url: "licensing.server.url",
    user: "licensing.server.user",
    password: "licensing.server.password",
    backupUrl: "backup.licensing.server.url",
    backupUser: "backup.licensing.server.user",
    backupPassword: "backup.licensing.server.password",
} as const;

/**
 * Key/value pairs of the file, main server first.
 * @internal
 */
export function licensePropertyEntries(main: LicenseServerConnection, backup: LicenseServerConnection): Array<[string, string]> {
    return [
        [LICENSE_PROPERTY_KEYS.type, "http"],
        [LICENSE_PROPERTY_KEYS.url, main.url],
        [LICENSE_PROPERTY_KEYS.user, main.user],
        [LICENSE_PROPERTY_KEYS.password, main.password],
        [LICENSE_PROPERTY_KEYS.backupUrl, backup.url],
        [LICENSE_PROPERTY_KEYS.backupUser, backup.user],
        [LICENSE_PROPERTY_KEYS.backupPassword, backup.password],
    ];
}

/**
 * The header line both this renderer and the entrypoint write (no timestamp, so the file is reproducible).
 * @internal
 */
export const LICENSE_PROPERTIES_HEADER = "# Written by oxygen-webauthor-ha: main = production license server, backup = redundancy license server.\n";

/** Renders `license.properties` exactly as `docker/web-author/entrypoint.sh` writes it. */
export function renderLicenseProperties(main: LicenseServerConnection, backup: LicenseServerConnection): string {
    return LICENSE_PROPERTIES_HEADER + renderPropertyLines(licensePropertyEntries(main, backup));
}

/**
 * The license servlet URL that Web Author connects to, for a server at `origin` (scheme://host:port).
 * @internal
 */
export function licenseServletUrl(origin: string, contextPath: string): string {
    return `${origin.replace(/\/+$/, "")}/${contextPath}/license-servlet`;
}
