// The README's "Config in code" block, verbatim but for the import (tests/components/configInCode.test.ts checks it):
// type-checked by `npm run typecheck`, run under the mocks by the test.
import { parseDeploymentConfig, RedundantWebAuthor, SECRET_KEYS } from "../../components";

/** A secret the program receives at run time, e.g. from the CI's secret store: never written in the code. */
function fromEnv(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") throw new Error(`${name} is not set`);
    return value;
}

const config = parseDeploymentConfig({
    values: {
        platform: "docker",
        licenseServer: { mode: "container", warUrl: "https://artifacts.example.com/oXygenLicenseServlet.war" },
        loadBalancer: { httpPort: 8080 },
        productionLicenseKey: fromEnv("PRODUCTION_LICENSE_KEY"),
        redundancyLicenseKey: fromEnv("REDUNDANCY_LICENSE_KEY"),
        licenseServerPassword: fromEnv("LICENSE_SERVER_PASSWORD"),
        licenseServerAdminPassword: fromEnv("LICENSE_SERVER_ADMIN_PASSWORD"),
        webAuthorAdminPassword: fromEnv("WEB_AUTHOR_ADMIN_PASSWORD"),
    },
    secretKeys: new Set(SECRET_KEYS), // these values are secrets, though they came from no `pulumi config set --secret`
});
const webAuthor = new RedundantWebAuthor("docs", { config });
export const url = webAuthor.publicUrl;
