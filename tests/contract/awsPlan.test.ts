import { parseDeploymentConfig, planAws, planTopology, worstCaseFailoverSeconds } from "../../components";
import { fargateMemoryChoices } from "../../components/config/validateAws";
import { isNetworkAddress, MAX_AWS_PREFIX_LENGTH, subnetCidr } from "../../components/contract/awsPlan";
import { albNamePrefix, iamRoleNameBase, NAME_PREFIX_LIMITS, ROLE_PURPOSES } from "../../components/platforms/aws/names";
import { awsSampleValues, SECRETS } from "../helpers/sampleConfig";

const parse = (values: Record<string, unknown>) => {
    const config = parseDeploymentConfig({ values, secretKeys: new Set(Object.keys(SECRETS)) });
    if (config.platform !== "aws") throw new Error(`expected an AWS configuration, got platform ${config.platform}`);
    return config;
};

describe("the AWS plan (pure, no mocks)", () => {
    const config = parse(awsSampleValues());
    const plan = planAws(config, "webauthor");

    it("defaults to license servers on EC2 and puts the environments in different zones", () => {
        expect(config.licenseServer.mode).toBe("ec2");
        expect(plan.environments.production.subnetIndex).toBe(0);
        expect(plan.environments.redundancy.subnetIndex).toBe(1);
    });

    it("points PRIMARY at production and SECONDARY at redundancy, checking the Web Author status path", () => {
        expect(plan.failover).toEqual({ primary: "production", secondary: "redundancy" });
        expect(plan.healthCheck).toEqual({ path: "/oxygen-xml-web-author/rest-public/status", expectedStatus: 200 });
    });

    it("gives both Web Authors the private names of production's server (main) and redundancy's (backup)", () => {
        const topology = planTopology(config, "webauthor");
        for (const role of ["production", "redundancy"] as const) {
            expect(topology.environments[role].webAuthor.licensing).toEqual({
                mainUrl: "http://license-production.webauthor.internal:8080/oXygenLicenseServlet/license-servlet",
                backupUrl: "http://license-redundancy.webauthor.internal:8080/oXygenLicenseServlet/license-servlet",
                user: "webauthor",
            });
        }
        expect(topology.environments.redundancy.licenseServer.activationUrl).toBe("http://license-redundancy.webauthor.internal:8080/oXygenLicenseServlet/");
        expect(topology.loadBalancer.publicUrl).toBe("https://webauthor.example.com/oxygen-xml-web-author/app/oxygen.html");
    });

    it("states the worst-case failover time: interval × threshold + the alias TTL", () => {
        expect(plan.worstCaseFailoverSeconds).toBe(10 * 3 + 60);
        expect(worstCaseFailoverSeconds({ failoverHealthCheck: { requestIntervalSeconds: 30, failureThreshold: 1 } })).toBe(90);
        expect(worstCaseFailoverSeconds({ failoverHealthCheck: { requestIntervalSeconds: 10, failureThreshold: 1 } })).toBe(70);
    });

    it("keeps physical name prefixes within the provider's limits, whatever the component name's length", () => {
        for (const name of ["w", "webauthor", "x".repeat(MAX_AWS_PREFIX_LENGTH), "a-b-c-d-e"]) {
            for (const role of ["production", "redundancy"] as const) {
                const alb = albNamePrefix(name, role);
                expect(alb.length).toBeLessThanOrEqual(NAME_PREFIX_LIMITS.loadBalancer);
                expect(alb).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]*$/);
                for (const part of ["ls", "wa"] as const) {
                    for (const purpose of Object.values(ROLE_PURPOSES)) {
                        expect(`${iamRoleNameBase(name, role, part)}${purpose}`.length).toBeLessThanOrEqual(NAME_PREFIX_LIMITS.iamRole);
                    }
                }
            }
        }
        expect(albNamePrefix("webauthor", "production")).toBe("webap-");
        expect(iamRoleNameBase("webauthor", "redundancy", "ls")).toBe("webauthor-red-ls");
        // Long names keep their role and part, which tell the roles apart in the console.
        expect(iamRoleNameBase("x".repeat(40), "production", "wa")).toBe(`${"x".repeat(24)}-prod-wa`);
    });
});

describe("Fargate sizes", () => {
    it("pairs the vendor's recommended 2 vCPU with 4 to 16 GiB, in 1 GiB steps", () => {
        const choices = fargateMemoryChoices(2048);
        expect(choices[0]).toBe(4096);
        expect(choices[choices.length - 1]).toBe(16384);
        expect(choices).toContain(6144);
        expect(choices).toHaveLength(13);
        expect(fargateMemoryChoices(8192)).toContain(20480);
        expect(fargateMemoryChoices(8192)).not.toContain(17408);
        expect(fargateMemoryChoices(3072)).toEqual([]);
    });
});

describe("the created VPC's subnets", () => {
    it("cuts the VPC into sixteenths: public subnets first, private ones from the ninth on", () => {
        expect(subnetCidr("10.40.0.0/16", 0)).toBe("10.40.0.0/20");
        expect(subnetCidr("10.40.0.0/16", 1)).toBe("10.40.16.0/20");
        expect(subnetCidr("10.40.0.0/16", 8)).toBe("10.40.128.0/20");
        expect(subnetCidr("10.40.0.0/16", 15)).toBe("10.40.240.0/20");
        expect(subnetCidr("192.168.4.0/22", 9)).toBe("192.168.6.64/26");
        expect(subnetCidr("10.0.0.0/24", 8)).toBe("10.0.0.128/28");
        expect(() => subnetCidr("10.0.0.0/25", 0)).toThrow(/too small/);
        expect(() => subnetCidr("10.40.0.0/16", 16)).toThrow(/outside 0 to 15/);
    });

    it("recognises a network address", () => {
        expect(isNetworkAddress("10.40.0.0/16")).toBe(true);
        expect(isNetworkAddress("10.40.1.0/16")).toBe(false);
        expect(isNetworkAddress("192.168.6.64/26")).toBe(true);
    });
});
