/**
 * The license-server image's interface (docker/license-server, its entrypoint.sh, which the EC2 setup also runs to
 * write tomcat-users.xml): the variables it reads and where its secrets and state live.
 */

import { LICENSE_SERVER_WORK_DIR } from "../contract/licenseServerUserData";

/**
 * Port the license server's Tomcat listens on inside its container (and on its EC2 instance).
 * @internal
 */
export const LICENSE_SERVER_CONTAINER_PORT = 8080;

/**
 * Paths inside the license-server container.
 * @internal
 */
export const LICENSE_SERVER_PATHS = {
    /** The work directory (`oxygen.license.server.work.dir`), on a retained volume: the same path on EC2. */
    workDir: LICENSE_SERVER_WORK_DIR,
    userPasswordFile: "/run/secrets/license-server-password",
    adminPasswordFile: "/run/secrets/license-server-admin-password",
    licenseKeyFile: "/run/secrets/oxygen-license-key",
} as const;

/**
 * Which secret value a file holds.
 * @internal
 */
export type LicenseServerSecretValue = "userPassword" | "adminPassword" | "licenseKey";

/**
 * The entrypoint's secrets, each read from the file its variable names.
 * @internal
 */
export const LICENSE_SERVER_SECRETS: ReadonlyArray<{ readonly fileVariable: string; readonly path: string; readonly value: LicenseServerSecretValue }> = [
    { fileVariable: "LICENSE_SERVER_PASSWORD_FILE", path: LICENSE_SERVER_PATHS.userPasswordFile, value: "userPassword" },
    { fileVariable: "LICENSE_SERVER_ADMIN_PASSWORD_FILE", path: LICENSE_SERVER_PATHS.adminPasswordFile, value: "adminPassword" },
    { fileVariable: "LICENSE_KEY_FILE", path: LICENSE_SERVER_PATHS.licenseKeyFile, value: "licenseKey" },
];

/**
 * The entrypoint's variables in a container: the user, each secret's file, the work directory, in its order.
 * @internal
 */
export function licenseServerContainerVariables(user: string): Array<{ readonly name: string; readonly value: string }> {
    return [
        { name: "LICENSE_SERVER_USER", value: user },
        ...LICENSE_SERVER_SECRETS.map((secret) => ({ name: secret.fileVariable, value: secret.path })),
        { name: "WORK_DIR", value: LICENSE_SERVER_PATHS.workDir },
    ];
}
