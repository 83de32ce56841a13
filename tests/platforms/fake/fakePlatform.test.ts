/**
 * A third platform plugs into the registry from outside the package's files: `./index.ts` extends `PlatformTypeMap`
 * by declaration merging, this test registers it, and the neutral components deploy the topology on it under the
 * mocks. No shipped file knows it exists.
 */
import { parseDeploymentConfig, RedundantWebAuthor, registerPlatform } from "../../../components";
import { promiseOf, RecordedResource, runProgram } from "../../helpers/pulumiMocks";
import { sampleValues, SECRETS } from "../../helpers/sampleConfig";
import { FakeConfig, fakePlatform } from "./index";

registerPlatform("fake", fakePlatform);

function fakeConfig(): FakeConfig {
    const config = parseDeploymentConfig({ values: sampleValues(), secretKeys: new Set(Object.keys(SECRETS)) });
    if (config.platform !== "docker") throw new Error("the sample config is Docker's");
    return { ...config, platform: "fake" };
}

describe("a test-only platform registered from outside the package", () => {
    it("deploys the topology through the neutral components", async () => {
        const { resources, result } = await runProgram(() => new RedundantWebAuthor<"fake">("trial", { config: fakeConfig() }));
        const byName = (name: string) => resources.find((r) => r.name === name) as RecordedResource;
        const names = resources.map((r) => `${r.type} ${r.name} <- ${r.parent}`).sort();
        expect(names).toEqual(
            [
                "oxygen-webauthor-ha:index:RedundantWebAuthor trial <- ",
                "fake:index:Process trial-network <- trial",
                "oxygen-webauthor-ha:index:Environment trial-production <- trial",
                "oxygen-webauthor-ha:index:Environment trial-redundancy <- trial",
                "oxygen-webauthor-ha:index:LicenseServer trial-production-license-server <- trial-production",
                "oxygen-webauthor-ha:index:LicenseServer trial-redundancy-license-server <- trial-redundancy",
                "oxygen-webauthor-ha:index:WebAuthor trial-production-web-author <- trial-production",
                "oxygen-webauthor-ha:index:WebAuthor trial-redundancy-web-author <- trial-redundancy",
                "fake:index:Process trial-production-license-server-process <- trial-production-license-server",
                "fake:index:Process trial-redundancy-license-server-process <- trial-redundancy-license-server",
                "fake:index:Process trial-production-web-author-process <- trial-production-web-author",
                "fake:index:Process trial-redundancy-web-author-process <- trial-redundancy-web-author",
                "oxygen-webauthor-ha:index:FailoverLoadBalancer trial-load-balancer <- trial",
                "fake:index:Process trial-load-balancer-process <- trial-load-balancer",
            ].sort(),
        );
        // The contract's wiring reaches the platform: both Web Authors use production's license server as main.
        for (const role of ["production", "redundancy"]) {
            expect(byName(`trial-${role}-web-author-process`).inputs.command).toBe(
                "web-author --main http://trial-production-license-server:8080/oXygenLicenseServlet/license-servlet",
            );
        }
        // Neutral outputs, and the platform's own extras typed on its side.
        const envs = await promiseOf(result.environmentOutputs);
        expect(envs.redundancy.processName).toBe("trial-redundancy-web-author-process");
        expect(envs.production.licenseServerUrl).toBe("http://trial-production-license-server:8080/oXygenLicenseServlet/license-servlet");
        expect(result.platformOutputs.fake).toBe(true);
        expect(result.loadBalancer.children.upstreams.production).toBe(result.production.webAuthor.children.process);
    });

    it("changes the parts in the rolling order, each waiting for the one before: the neutral components order them, not the platform", async () => {
        const { resources } = await runProgram(() => new RedundantWebAuthor<"fake">("trial", { config: fakeConfig() }));
        const dependenciesOf = (name: string) => (resources.find((r) => r.name === name) as RecordedResource).dependencies;
        expect([
            dependenciesOf("trial-redundancy-license-server-process"),
            dependenciesOf("trial-redundancy-web-author-process"),
            dependenciesOf("trial-production-web-author-process"),
            dependenciesOf("trial-production-license-server-process"),
        ]).toEqual([[], ["trial-redundancy-license-server-process"], ["trial-redundancy-web-author-process"], ["trial-production-web-author-process"]]);
    });

    it("is refused a second registration", () => {
        expect(() => registerPlatform("fake", fakePlatform)).toThrow(/already registered/);
    });
});
