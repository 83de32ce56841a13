/**
 * The README's "Config in code" example, as written: tests/components/readmeConfigInCode.ts is the README's block
 * (the package name mapped to this repository's components), type-checked by `npm run typecheck`; here it must still
 * equal the README, and run under Pulumi's mocks without any Pulumi config.
 */
import fs from "node:fs";
import path from "node:path";
import { runProgram } from "../helpers/pulumiMocks";
import { secretsUsedOnlyAsSecrets } from "../helpers/secretChecks";
import { SECRETS } from "../helpers/sampleConfig";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const EXAMPLE = path.join(__dirname, "readmeConfigInCode.ts");

const ENV = {
    PRODUCTION_LICENSE_KEY: SECRETS.productionLicenseKey,
    REDUNDANCY_LICENSE_KEY: SECRETS.redundancyLicenseKey,
    LICENSE_SERVER_PASSWORD: SECRETS.licenseServerPassword,
    LICENSE_SERVER_ADMIN_PASSWORD: SECRETS.licenseServerAdminPassword,
    WEB_AUTHOR_ADMIN_PASSWORD: SECRETS.webAuthorAdminPassword,
};

describe("the README's config-in-code example", () => {
    const saved = { ...process.env };
    afterAll(() => {
        process.env = saved;
    });

    it("is the README's block, verbatim but for the package name", () => {
        const block = /<!-- config-in-code -->\n```typescript\n([\s\S]*?)```/.exec(README)?.[1];
        const code = fs
            .readFileSync(EXAMPLE, "utf8")
            .replace(/^\/\/.*\n/gm, "")
            .replace('from "../../components"', 'from "oxygen-webauthor-ha"');
        expect(block).toContain("parseDeploymentConfig");
        expect(code).toBe(block);
    });

    it("deploys without any Pulumi config, every secret reaching its resources as a secret Output", async () => {
        Object.assign(process.env, ENV);
        const run = await runProgram(() => require(EXAMPLE), {}, []);
        expect(run.resources.some((r) => r.type === "oxygen-webauthor-ha:index:RedundantWebAuthor" && r.name === "docs")).toBe(true);
        expect(secretsUsedOnlyAsSecrets(run.resources, SECRETS)).toEqual(Object.keys(SECRETS).sort());
    });
});
