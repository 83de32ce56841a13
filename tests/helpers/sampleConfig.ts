/** A valid stack configuration as Pulumi hands it to the program: namespaced keys, JSON objects, secret keys. */
export const NS = "oxygen-webauthor-ha";

export const SECRETS = {
    productionLicenseKey: "PROD-KEY-7f3a9c-production-only",
    redundancyLicenseKey: "REDUNDANCY-KEY-2b8e41-redundancy-only",
    licenseServerPassword: "ls-p@ss:w=rd#1!",
    licenseServerAdminPassword: "ls-admin-9c1d2e",
    webAuthorAdminPassword: "wa-admin-5e6f7a",
} as const;

export const TLS_PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIEsecretkeymaterial\n-----END PRIVATE KEY-----\n";

/** Top-level (un-namespaced) values of the sample config. */
export function sampleValues(): Record<string, unknown> {
    return {
        ...SECRETS,
        platform: "docker",
        licenseServer: { mode: "container", warUrl: "https://downloads.example.com/oXygenLicenseServlet.war" },
        production: { webAuthorHostPort: 18090 },
        redundancy: { webAuthorHostPort: 18091 },
        loadBalancer: { httpPort: 8080 },
    };
}

/** The values as Pulumi's runtime holds them: namespaced, objects as JSON text, plus the secret keys. */
export function asPulumiConfig(values: Record<string, unknown>, secretKeys: readonly string[] = Object.keys(SECRETS)) {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        config[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config, secretKeys: secretKeys.map((key) => `${NS}:${key}`) };
}
