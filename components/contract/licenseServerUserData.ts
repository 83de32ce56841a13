import { stringify } from "yaml";

/**
 * The cloud-init user data of an `ec2`-mode license server. It carries no secret: only where the secret is (its
 * ARN) and the instance role's permission to read it. The scripts it installs are the repository's files, passed in
 * by the platform (`ec2/license-server/setup.sh` and the Docker image's `docker/license-server/entrypoint.sh`, which
 * writes tomcat-users.xml the same way in both places).
 */

/** Where the license server keeps its state: the retained data volume is mounted here. */
export const LICENSE_SERVER_WORK_DIR = "/var/lib/oxygen-license-server";

/**
 * EC2 user data may be at most 16 KiB before base64 encoding.
 * @internal
 */
export const EC2_USER_DATA_LIMIT_BYTES = 16 * 1024;

/**
 * Packages from Ubuntu 22.04's archive: Tomcat 9 (Tomcat 10 does not run the servlet), Java 17, the AWS CLI, jq.
 * @internal
 */
export const LICENSE_SERVER_PACKAGES = ["openjdk-17-jre-headless", "tomcat9", "awscli", "jq", "curl"] as const;

export interface LicenseServerBootSettings {
    /** Region of the secret. */
    readonly region: string;
    /** ARN of this environment's license-server secret ({"userPassword","adminPassword","licenseKey"}). */
    readonly secretId: string;
    /** The secret's version this deployment wrote (read exactly that one). */
    readonly secretVersionId: string;
    /** ID of the retained data volume, found on the instance by its ID. */
    readonly dataVolumeId: string;
    readonly warUrl: string;
    readonly contextPath: string;
    /** Tomcat user with role `user`, for the Web Authors. */
    readonly user: string;
    /** Mount point of the data volume. Default: {@link LICENSE_SERVER_WORK_DIR}. */
    readonly workDir?: string;
}

export interface LicenseServerScripts {
    /** ec2/license-server/setup.sh */
    readonly setup: string;
    /** docker/license-server/entrypoint.sh, run in `configure-only` mode. */
    readonly configureUsers: string;
}

/**
 * Single-quotes a value for a shell `KEY='value'` line (the setup script sources the file).
 * @internal
 */
export function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** @internal */
export function renderSetupEnv(settings: LicenseServerBootSettings): string {
    const lines: Array<[string, string]> = [
        ["AWS_REGION", settings.region],
        ["SECRET_ID", settings.secretId],
        ["SECRET_VERSION_ID", settings.secretVersionId],
        ["DATA_VOLUME_ID", settings.dataVolumeId],
        ["WAR_URL", settings.warUrl],
        ["CONTEXT_PATH", settings.contextPath],
        ["LICENSE_USER", settings.user],
        ["WORK_DIR", settings.workDir ?? LICENSE_SERVER_WORK_DIR],
    ];
    return lines.map(([key, value]) => `${key}=${shellQuote(value)}\n`).join("");
}

/** Renders `#cloud-config` user data that installs the packages and the scripts, then runs the setup once. */
export function renderLicenseServerUserData(settings: LicenseServerBootSettings, scripts: LicenseServerScripts): string {
    const document = {
        package_update: true,
        packages: [...LICENSE_SERVER_PACKAGES],
        write_files: [
            { path: "/etc/oxygen-license-server/setup.env", permissions: "0644", owner: "root:root", content: renderSetupEnv(settings) },
            { path: "/usr/local/sbin/oxygen-license-server-setup", permissions: "0755", owner: "root:root", content: scripts.setup },
            {
                path: "/usr/local/lib/oxygen-license-server/configure-tomcat-users.sh",
                permissions: "0755",
                owner: "root:root",
                content: scripts.configureUsers,
            },
        ],
        runcmd: [["/usr/local/sbin/oxygen-license-server-setup"]],
    };
    return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}
