/**
 * The Web Author image's interface (docker/web-author): what its entrypoint reads and where, written once and read
 * by every platform that runs the image.
 */

/** Paths inside the Web Author container (docker/web-author). */
export const WEB_AUTHOR_PATHS = {
    /** `oxygen.data.dir` in the vendor image. */
    dataDir: "/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author",
    licenseServerPasswordFile: "/run/secrets/license-server-password",
    backupLicenseServerPasswordFile: "/run/secrets/backup-license-server-password",
    adminSetupPasswordFile: "/run/secrets/admin-setup-password",
} as const;
