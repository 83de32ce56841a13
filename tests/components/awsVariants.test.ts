import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { MAX_AWS_PREFIX_LENGTH, parseDeploymentConfig, RedundantWebAuthor, SECRET_KEYS } from "../../components";
import { deployStack } from "../../stacks/program";
import { RecordedInvoke, RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, OTHER_REGION_REDUNDANCY, SECRETS } from "../helpers/sampleConfig";
import { stackFileConfig } from "../helpers/stackFile";

async function deployAws(values: Record<string, unknown>) {
    const { config, secretKeys } = asPulumiConfig(values);
    const invokes: RecordedInvoke[] = [];
    const run = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES, invokes);
    return { ...run, invokes };
}

const inputsOf = (resources: RecordedResource[], name: string) => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}`);
    return unwrapSecrets(found.inputs) as Record<string, any>;
};
const countOf = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type).length;
const base = awsSampleValues();
const baseAws = base.aws as Record<string, unknown>;

/**
 * AWS's name limits for the names the program sets, and for the logical names the provider autonames from (it
 * appends `-` and 7 random characters).
 */
const NAME_LIMITS: Record<string, number> = {
    "aws:lb/loadBalancer:LoadBalancer": 32,
    "aws:lb/targetGroup:TargetGroup": 32,
    "aws:iam/role:Role": 64,
    "aws:iam/instanceProfile:InstanceProfile": 128,
    "aws:iam/rolePolicy:RolePolicy": 128,
    "aws:ec2/securityGroup:SecurityGroup": 255,
    "aws:ecs/cluster:Cluster": 255,
    "aws:ecs/service:Service": 255,
    "aws:ecs/taskDefinition:TaskDefinition": 255,
    "aws:ecr/repository:Repository": 256,
    "aws:secretsmanager/secret:Secret": 512,
    "aws:cloudwatch/logGroup:LogGroup": 512,
    "aws:route53/healthCheck:HealthCheck": 256,
};

describe("AWS names", () => {
    /**
     * The physical name AWS will see: the one the program sets; or a `namePrefix` plus the provider's 26-character
     * unique suffix; or the logical name plus the `-` and 7 random characters of Pulumi's autonaming.
     */
    const physicalName = (r: RecordedResource) => {
        const explicit = (r.inputs.name ?? r.inputs.family) as string | undefined;
        if (explicit !== undefined) return explicit;
        if (typeof r.inputs.namePrefix === "string") return `${r.inputs.namePrefix}${"0".repeat(26)}`;
        return `${r.name}-abcdefg`;
    };

    it.each([
        ["the shipped name", "webauthor"],
        ["the longest name allowed", "x".repeat(MAX_AWS_PREFIX_LENGTH)],
    ])("fit AWS's length limits, whether set by the program, prefixed or autonamed by the provider, with %s", async (_, name) => {
        const config = parseDeploymentConfig({ values: base, secretKeys: new Set(Object.keys(SECRETS)) });
        const { resources } = await runProgram(() => new RedundantWebAuthor(name, { config }), {}, [], [], AWS_INVOKES);
        const checked = new Set<string>();
        let tightest = -Infinity;
        for (const r of resources) {
            const limit = NAME_LIMITS[r.type];
            if (limit === undefined) continue;
            checked.add(r.type);
            const effective = physicalName(r);
            if (effective.length > limit) throw new Error(`${r.type} ${r.name}: name "${effective}" has ${effective.length} characters, AWS allows ${limit}`);
            tightest = Math.max(tightest, effective.length - limit);
        }
        expect([...checked].sort()).toEqual(Object.keys(NAME_LIMITS).sort());
        // At the cap some name is exactly at its limit: the cap is what the limits allow, not less.
        if (name.length === MAX_AWS_PREFIX_LENGTH) expect(tightest).toBe(0);
    });

    it("gives the ALBs, target groups and IAM roles a physical name prefix, and keeps an existing resource's name", async () => {
        const { resources } = await deployAws(base);
        const prefixed = resources.filter((r) => ["aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup", "aws:iam/role:Role"].includes(r.type));
        expect(prefixed).toHaveLength(2 + 2 + 8);
        for (const r of prefixed) {
            expect(r.inputs.name).toBeUndefined();
            expect(r.ignoreChanges).toEqual(expect.arrayContaining(["name", "namePrefix"]));
        }
        expect(prefixed.map((r) => r.inputs.namePrefix).sort()).toEqual(
            [
                "webap-",
                "webap-",
                "webar-",
                "webar-",
                "webauthor-prod-ls-",
                "webauthor-prod-ls-snap-",
                "webauthor-prod-wa-exec-",
                "webauthor-prod-wa-task-",
                "webauthor-red-ls-",
                "webauthor-red-ls-snap-",
                "webauthor-red-wa-exec-",
                "webauthor-red-wa-task-",
            ].sort(),
        );
    });

    it("rejects a component name too long for them before registering anything", async () => {
        const config = parseDeploymentConfig({ values: base, secretKeys: new Set(Object.keys(SECRETS)) });
        const registered: RecordedResource[] = [];
        const name = "x".repeat(MAX_AWS_PREFIX_LENGTH + 1);
        await expect(runProgram(() => new RedundantWebAuthor(name, { config }), {}, [], registered, AWS_INVOKES)).rejects.toThrow(
            new RegExp(`name: has ${name.length} characters; on aws it may have at most ${MAX_AWS_PREFIX_LENGTH}`),
        );
        expect(registered).toEqual([]);
    });
});

describe("AWS network variants", () => {
    it("uses an existing VPC's subnets without creating a network, and looks up the private subnets' zones", async () => {
        const network = {
            vpcId: "vpc-0123456789abcdef0",
            cidrBlock: "10.8.0.0/16",
            publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
            privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
        };
        const { resources, invokes } = await deployAws({ ...base, aws: { ...baseAws, network } });
        for (const type of ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway"]) {
            expect(countOf(resources, type)).toBe(0);
        }
        expect(inputsOf(resources, "webauthor-production-license-server-nic").subnetId).toBe("subnet-0bbbbbbbbbbbbbbb1");
        expect(inputsOf(resources, "webauthor-redundancy-license-server-nic").subnetId).toBe("subnet-0bbbbbbbbbbbbbbb2");
        expect(inputsOf(resources, "webauthor-redundancy-web-author-alb").subnets).toEqual(network.publicSubnetIds);
        expect(inputsOf(resources, "webauthor-production-license-server-data").availabilityZone).toBe("eu-west-1b");
        expect(inputsOf(resources, "webauthor-redundancy-license-server-data").availabilityZone).toBe("eu-west-1c");
        expect(
            invokes
                .filter((i) => i.token === "aws:ec2/getSubnet:getSubnet")
                .map((i) => i.inputs.id)
                .sort(),
        ).toEqual(network.privateSubnetIds);
        expect(invokes.some((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones")).toBe(false);
    });

    it("puts redundancy in another region with its own VPC: its provider, its certificate, CIDR rules across VPCs, one zone for both", async () => {
        const redundancy = OTHER_REGION_REDUNDANCY;
        const { resources } = await deployAws({ ...base, aws: { ...baseAws, redundancy } });
        expect(resources.find((r) => r.name === "redundancy-aws")?.inputs.region).toBe("eu-central-1");
        expect(resources.find((r) => r.name === "webauthor-redundancy-web-author-service")?.provider).toContain("::redundancy-aws::");
        expect(inputsOf(resources, "webauthor-redundancy-web-author-alb-https").certificateArn).toBe(redundancy.certificateArn);
        // Security groups cannot name each other across VPCs: the other environment's VPC CIDR stands in.
        expect(inputsOf(resources, "webauthor-production-license-server-in-redundancy")).toMatchObject({ cidrIpv4: "10.9.0.0/16", fromPort: 8080 });
        expect(inputsOf(resources, "webauthor-redundancy-license-server-in-production")).toMatchObject({ cidrIpv4: "10.40.0.0/16", fromPort: 8080 });
        expect(inputsOf(resources, "webauthor-redundancy-license-server-in-redundancy").referencedSecurityGroupId).toBe(
            "webauthor-redundancy-web-author-sg-id",
        );
        expect(inputsOf(resources, "webauthor-private-zone").vpcs).toEqual([
            { vpcId: "webauthor-network-vpc-id", vpcRegion: "eu-west-1" },
            { vpcId: "vpc-0fedcba9876543210", vpcRegion: "eu-central-1" },
        ]);
        const [container] = JSON.parse(inputsOf(resources, "webauthor-redundancy-web-author-task-definition").containerDefinitions);
        expect(container.logConfiguration.options["awslogs-region"]).toBe("eu-central-1");
        expect(inputsOf(resources, "webauthor-redundancy-license-server-instance").userData).toContain("AWS_REGION='eu-central-1'");
    });
});

describe("AWS options", () => {
    it("serves plain HTTP only with the explicit opt-in, and the health check follows", async () => {
        const withoutCertificate = Object.fromEntries(Object.entries(baseAws).filter(([key]) => key !== "certificateArn"));
        const { resources, result } = await deployAws({ ...base, aws: { ...withoutCertificate, allowPlainHttp: true } });
        expect(resources.filter((r) => r.type === "aws:lb/listener:Listener").map((r) => [r.inputs.port, r.inputs.protocol])).toEqual([
            [80, "HTTP"],
            [80, "HTTP"],
        ]);
        expect(inputsOf(resources, "webauthor-failover-production-health")).toMatchObject({ type: "HTTP", port: 80 });
        const open = resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.inputs.cidrIpv4 === "0.0.0.0/0");
        expect(open.map((r) => r.inputs.fromPort)).toEqual([80, 80]);
        expect(result.plan.loadBalancer.publicUrl).toBe("http://webauthor.example.com/oxygen-xml-web-author/app/oxygen.html");
    });

    it("takes no snapshots when told so", async () => {
        const { resources } = await deployAws({ ...base, aws: { ...baseAws, licenseServer: { dailySnapshots: 0 } } });
        expect(countOf(resources, "aws:dlm/lifecyclePolicy:LifecyclePolicy")).toBe(0);
        expect(inputsOf(resources, "webauthor-production-license-server-data").tags).toEqual({ Name: "webauthor-production-license-server-data" });
    });

    it("runs a named image without an ECR repository, and uses external license servers without EC2", async () => {
        const { resources, invokes } = await deployAws({
            ...base,
            webAuthor: { image: "registry.example.com/web-author:28.0", cpus: 4, memoryMb: 8192, maxHeapMb: 6144 },
            licenseServer: { mode: "external" },
            licenseServerAdminPassword: undefined,
            production: { licenseServerUrl: "http://ls-prod.corp.example:8080/oXygenLicenseServlet/license-servlet" },
            redundancy: { licenseServerUrl: "http://ls-red.corp.example:8080/oXygenLicenseServlet/license-servlet" },
        });
        for (const type of ["aws:ecr/repository:Repository", "aws:ec2/instance:Instance", "aws:route53/zone:Zone", "aws:ebs/volume:Volume"]) {
            expect(countOf(resources, type)).toBe(0);
        }
        expect(invokes.map((i) => i.token)).toEqual(["aws:index/getAvailabilityZones:getAvailabilityZones"]);
        const task = inputsOf(resources, "webauthor-production-web-author-task-definition");
        expect(task).toMatchObject({ cpu: "4096", memory: "8192" });
        const [container] = JSON.parse(task.containerDefinitions);
        expect(container.image).toBe("registry.example.com/web-author:28.0");
        expect(Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]))).toMatchObject({
            LICENSE_SERVER_URL: "http://ls-prod.corp.example:8080/oXygenLicenseServlet/license-servlet",
            BACKUP_LICENSE_SERVER_URL: "http://ls-red.corp.example:8080/oXygenLicenseServlet/license-servlet",
            MAX_HEAP_MB: "6144",
        });
    });
});

describe("Pulumi.prod.yaml", () => {
    it("is a valid AWS configuration: with the secrets set, the prod stack deploys both environments and the failover", async () => {
        const { config, secretKeys } = stackFileConfig("prod");
        const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES);
        expect(countOf(resources, "aws:ec2/instance:Instance")).toBe(2);
        expect(countOf(resources, "aws:ecs/service:Service")).toBe(2);
        expect(resources.filter((r) => r.type === "aws:route53/record:Record" && r.inputs.failoverRoutingPolicies !== undefined)).toHaveLength(2);
        // The file itself holds no secret: those come from `pulumi config set --secret`.
        const fileKeys = Object.keys((parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8")) as { config: object }).config);
        expect(fileKeys.filter((key) => SECRET_KEYS.some((secret) => key === `oxygen-webauthor-ha:${secret}`))).toEqual([]);
        expect(fileKeys).toContain("oxygen-webauthor-ha:aws");
    });
});

describe("AWS transforms", () => {
    it("let a user adjust one child of one environment without touching the other", async () => {
        const config = parseDeploymentConfig({ values: base, secretKeys: new Set(Object.keys(SECRETS)) });
        const { resources } = await runProgram(
            () =>
                new RedundantWebAuthor("docs", {
                    config,
                    transforms: {
                        production: {
                            webAuthorService: { service: (args) => ({ ...args, enableExecuteCommand: true }) },
                            licenseServer: { instance: (args) => ({ ...args, instanceType: "t3.medium" }) },
                        },
                        failover: { healthCheck: (args) => ({ ...args, regions: ["eu-west-1", "us-east-1", "ap-southeast-1"] }) },
                    },
                }),
            {},
            [],
            [],
            AWS_INVOKES,
        );
        expect(inputsOf(resources, "docs-production-web-author-service").enableExecuteCommand).toBe(true);
        expect(inputsOf(resources, "docs-redundancy-web-author-service").enableExecuteCommand).toBeUndefined();
        expect(inputsOf(resources, "docs-production-license-server-instance").instanceType).toBe("t3.medium");
        expect(inputsOf(resources, "docs-redundancy-license-server-instance").instanceType).toBe("t3.small");
        expect(inputsOf(resources, "docs-failover-production-health").regions).toEqual(["eu-west-1", "us-east-1", "ap-southeast-1"]);
    });
});

describe("the mocks' invoke guard", () => {
    it("fails a run that makes an invoke the tests do not model", async () => {
        const { config, secretKeys } = asPulumiConfig(base);
        const withoutAmi = Object.fromEntries(Object.entries(AWS_INVOKES).filter(([token]) => token !== "aws:ec2/getAmi:getAmi"));
        await expect(runProgram(() => deployStack(), config, secretKeys, [], withoutAmi)).rejects.toThrow(
            /invokes the tests do not model: aws:ec2\/getAmi:getAmi/,
        );
    });
});

describe("the Web Author image on ECR", () => {
    it("is tagged by its build context and kit, so another kit never reuses an immutable tag", async () => {
        const imageOf = (resources: RecordedResource[]) => inputsOf(resources, "webauthor-production-web-author-image").imageName as string;
        const repository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/webauthor-production-web-author-repository";
        const { resources } = await deployAws(base);
        const standard = imageOf(resources);
        const otherKit = imageOf((await deployAws({ ...base, webAuthor: { kitUrl: "https://downloads.example.com/web-author-28.1.zip" } })).resources);
        expect(standard).toMatch(new RegExp(`^${repository.replace(/\./g, "\\.")}:[0-9a-f]{16}$`));
        expect(otherKit).toMatch(new RegExp(`^${repository.replace(/\./g, "\\.")}:[0-9a-f]{16}$`));
        expect(otherKit).not.toBe(standard);
        expect(inputsOf(resources, "webauthor-production-web-author-repository").imageTagMutability).toBe("IMMUTABLE");
    });
});
