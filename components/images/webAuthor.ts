import { WEB_AUTHOR_STATUS_PATH } from "../contract/topology";

/**
 * The Web Author image's interface (docker/web-author, its entrypoint.sh): the variables it reads, where its secrets
 * and data live, and how its health is checked. Written once; the Docker container and the ECS task definition are
 * both rendered from it.
 */

/**
 * Port Web Author's Tomcat listens on inside its container (vendor image: 8080).
 * @internal
 */
export const WEB_AUTHOR_CONTAINER_PORT = 8080;

/**
 * Paths inside the Web Author container.
 * @internal
 */
export const WEB_AUTHOR_PATHS = {
    /** `oxygen.data.dir` in the vendor image. */
    dataDir: "/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author",
    licenseServerPasswordFile: "/run/secrets/license-server-password",
    backupLicenseServerPasswordFile: "/run/secrets/backup-license-server-password",
    adminSetupPasswordFile: "/run/secrets/admin-setup-password",
} as const;

/**
 * What the entrypoint needs in plain text (no secret).
 * @internal
 */
export interface WebAuthorImageSettings {
    readonly licensing: { readonly mainUrl: string; readonly backupUrl: string; readonly user: string };
    readonly maxHeapMb: number;
    readonly dnsCacheTtlSeconds: number;
}

/**
 * The entrypoint's variables. `secrets: "files"` (Docker) adds each secret's `*_FILE` variable naming its uploaded
 * file; `secrets: "injected"` (ECS) leaves the secrets to the platform's own injection ({@link WEB_AUTHOR_SECRETS}).
 * @internal
 */
export function webAuthorVariables(settings: WebAuthorImageSettings, secrets: "files" | "injected"): Array<{ readonly name: string; readonly value: string }> {
    const file = (variable: string) =>
        secrets === "files"
            ? WEB_AUTHOR_SECRETS.filter((secret) => secret.variable === variable).map((secret) => ({ name: secret.fileVariable, value: secret.path }))
            : [];
    return [
        { name: "LICENSE_SERVER_URL", value: settings.licensing.mainUrl },
        { name: "LICENSE_SERVER_USER", value: settings.licensing.user },
        ...file("LICENSE_SERVER_PASSWORD"),
        { name: "BACKUP_LICENSE_SERVER_URL", value: settings.licensing.backupUrl },
        { name: "BACKUP_LICENSE_SERVER_USER", value: settings.licensing.user },
        ...file("BACKUP_LICENSE_SERVER_PASSWORD"),
        ...file("OXYGEN_ADMIN_SETUP_PASSWORD"),
        { name: "MAX_HEAP_MB", value: String(settings.maxHeapMb) },
        { name: "DNS_CACHE_TTL_SECONDS", value: String(settings.dnsCacheTtlSeconds) },
    ];
}

/**
 * Which secret the entrypoint reads from which secret value: the license-server password (main and backup), the admin setup password.
 * @internal
 */
export type WebAuthorSecretValue = "licenseServerPassword" | "adminSetupPassword";

/**
 * The entrypoint's secrets. Each is read from the file `<fileVariable>` names (Docker: an uploaded file at `path`),
 * else from `variable` itself (ECS: injected from Secrets Manager).
 * @internal
 */
export const WEB_AUTHOR_SECRETS: ReadonlyArray<{
    readonly variable: string;
    readonly fileVariable: string;
    readonly path: string;
    readonly value: WebAuthorSecretValue;
}> = [
    {
        variable: "LICENSE_SERVER_PASSWORD",
        fileVariable: "LICENSE_SERVER_PASSWORD_FILE",
        path: WEB_AUTHOR_PATHS.licenseServerPasswordFile,
        value: "licenseServerPassword",
    },
    {
        variable: "BACKUP_LICENSE_SERVER_PASSWORD",
        fileVariable: "BACKUP_LICENSE_SERVER_PASSWORD_FILE",
        path: WEB_AUTHOR_PATHS.backupLicenseServerPasswordFile,
        value: "licenseServerPassword",
    },
    {
        variable: "OXYGEN_ADMIN_SETUP_PASSWORD",
        fileVariable: "ADMIN_SETUP_PASSWORD_FILE",
        path: WEB_AUTHOR_PATHS.adminSetupPasswordFile,
        value: "adminSetupPassword",
    },
];

/**
 * The container's health check, in seconds, whichever platform runs it.
 * @internal
 */
export interface WebAuthorHealthCheck {
    /** `rest-public/status` on the container's own port (topic webapp-loadbalancing: 200 when healthy). */
    readonly url: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly retries: number;
    /** How long a cold start may take before failed checks count. */
    readonly startPeriodSeconds: number;
}

/**
 * The health check, derived from `webAuthor.startTimeoutSeconds`: Tomcat and Web Author take minutes to start cold,
 * and failed checks count only after the start timeout, as long as `pulumi up` waits. A platform that caps the start
 * period (ECS: 300 s) passes its cap.
 * @internal
 */
export function webAuthorHealthCheck(startTimeoutSeconds: number, maxStartPeriodSeconds = Number.POSITIVE_INFINITY): WebAuthorHealthCheck {
    return {
        url: `http://127.0.0.1:${WEB_AUTHOR_CONTAINER_PORT}${WEB_AUTHOR_STATUS_PATH}`,
        intervalSeconds: 15,
        timeoutSeconds: 5,
        retries: 3,
        startPeriodSeconds: Math.min(startTimeoutSeconds, maxStartPeriodSeconds),
    };
}
