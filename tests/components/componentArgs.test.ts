/**
 * The component's own arguments against the config: its name, and providers that must agree with the Docker hosts
 * (or AWS regions) the config names. A refused combination registers nothing but the providers the caller made.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import { RunError } from "@pulumi/pulumi/errors";
import { ConfigValidationError, parseDeploymentConfig, RedundantWebAuthor, RedundantWebAuthorArgs } from "../../components";
import { MAX_DOCKER_NAME_LENGTH } from "../../components/platforms/shared/componentArgs";
import { RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { AWS_INVOKES, awsSampleValues, SECRETS, sampleValues } from "../helpers/sampleConfig";

type Values = Record<string, unknown>;
const parse = (values: Values) => parseDeploymentConfig({ values, secretKeys: new Set(Object.keys(SECRETS)) });
const twoHosts = (values: Values = {}) =>
    parse({
        ...sampleValues(),
        production: { address: "10.0.0.10" },
        redundancy: {
            dockerHost: "ssh://deploy@dr-host",
            address: "10.0.0.20",
            webAuthorHostPort: 18091,
            webAuthorPublishAddress: "10.0.0.20",
            licenseServerPublishAddress: "0.0.0.0",
        },
        licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war", publishAddress: "0.0.0.0" },
        ...values,
    });

type Providers = NonNullable<RedundantWebAuthorArgs["providers"]>;

/** Builds the component with providers made inside the program; returns the error and what was registered. */
async function attempt(name: string, config: RedundantWebAuthorArgs["config"], providers: () => Providers = () => ({})) {
    const registered: RecordedResource[] = [];
    let error: unknown;
    try {
        await runProgram(() => new RedundantWebAuthor(name, { config, providers: providers() }), {}, [], registered, AWS_INVOKES);
    } catch (e) {
        error = e;
    }
    return { error, registered };
}

const dr = () => new docker.Provider("dr-host", { host: "ssh://deploy@dr-host" });
const local = () => new docker.Provider("local", {});

const cases: Array<[string, string, RedundantWebAuthorArgs["config"], () => Providers, string, RegExp]> = [
    [
        "the README's old example: redundancy's provider for another engine, no redundancy.dockerHost",
        "docs",
        parse(sampleValues()),
        () => ({ redundancy: dr() }),
        "providers.redundancy",
        /is given, so redundancy uses providers.redundancy and production uses the component's inherited provider, yet the config places both on the local engine.*set redundancy.dockerHost/,
    ],
    [
        "a dockerHost without a provider",
        "docs",
        twoHosts(),
        () => ({}),
        "redundancy.dockerHost",
        /places redundancy on ssh:\/\/deploy@dr-host and production on the local engine.*pass providers.redundancy/,
    ],
    [
        "one provider for two hosts",
        "docs",
        twoHosts(),
        () => {
            const p = local();
            return { production: p, redundancy: p, loadBalancer: p };
        },
        "redundancy.dockerHost",
        /both use providers.redundancy/,
    ],
    [
        "two providers for one host (the load balancer beside production)",
        "docs",
        twoHosts(),
        () => ({ production: local(), redundancy: dr(), loadBalancer: local() }),
        "providers.loadBalancer",
        /production uses providers.production, yet the config places both on the local engine/,
    ],
    [
        "an AWS provider on Docker",
        "docs",
        parse(sampleValues()),
        () => ({ production: new aws.Provider("p", { region: "eu-west-1" }) }),
        "providers.production",
        /is a aws provider; the docker platform needs a docker.Provider/,
    ],
    [
        "a Docker provider on AWS",
        "docs",
        parse(awsSampleValues()),
        () => ({ loadBalancer: local() }),
        "providers.loadBalancer",
        /is a docker provider; the aws platform needs an aws.Provider/,
    ],
    [
        "AWS: one provider for environments in two regions",
        "docs",
        parse({
            ...awsSampleValues(),
            aws: {
                ...(awsSampleValues().aws as Values),
                redundancy: {
                    region: "eu-central-1",
                    certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
                    network: {
                        vpcId: "vpc-0fedcba9876543210",
                        cidrBlock: "10.50.0.0/16",
                        publicSubnetIds: ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"],
                        privateSubnetIds: ["subnet-0ddddddddddddddd1", "subnet-0ddddddddddddddd2"],
                    },
                },
            },
        }),
        () => {
            const p = new aws.Provider("eu-west", { region: "eu-west-1" });
            return { production: p, redundancy: p, loadBalancer: p };
        },
        "providers.redundancy",
        /same provider as production's, but the config puts production in eu-west-1 and redundancy in eu-central-1/,
    ],
    ["a name with a space", "my docs", parse(sampleValues()), () => ({}), "name", /letters, digits and inner hyphens only/],
    ["a name with a dot", "docs.prod", parse(sampleValues()), () => ({}), "name", /no spaces, dots or underscores/],
    ["a name ending in a hyphen", "docs-", parse(sampleValues()), () => ({}), "name", /inner hyphens/],
    [
        "Docker: a name whose container names exceed a DNS label",
        "d".repeat(MAX_DOCKER_NAME_LENGTH + 1),
        parse(sampleValues()),
        () => ({}),
        "name",
        /on docker it may have at most 37.*DNS labels of at most 63/,
    ],
    ["AWS: a name with an underscore", "docs_prod", parse(awsSampleValues()), () => ({}), "name", /letters, digits and inner hyphens/],
];

describe("the component refuses arguments that disagree with the config, before registering anything", () => {
    it.each(cases)("%s", async (_title, name, config, providers, key, message) => {
        const { error, registered } = await attempt(name, config, providers);
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect(RunError.isInstance(error)).toBe(true);
        const issue = (error as ConfigValidationError).issues.find((i) => i.key === key);
        if (!issue) throw new Error(`no issue for ${key}; got ${JSON.stringify((error as ConfigValidationError).issues)}`);
        expect(issue.message).toMatch(message);
        expect((error as Error).message).toMatch(new RegExp(`^Invalid arguments to RedundantWebAuthor "${name.replace(/\./g, "\\.")}"`));
        // Only the caller's own providers exist; the component registered nothing.
        expect(registered.filter((r) => !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    });

    it("accepts the longest Docker name, and agreeing providers across two hosts", async () => {
        const longest = await attempt("d".repeat(MAX_DOCKER_NAME_LENGTH), parse(sampleValues()));
        expect(longest.error).toBeUndefined();
        const { error, registered } = await attempt("docs", twoHosts(), () => {
            const p = local();
            return { production: p, redundancy: dr(), loadBalancer: p };
        });
        expect(error).toBeUndefined();
        // One network per host, each created with that host's provider.
        const networks = registered.filter((r) => r.type === "docker:index/network:Network");
        expect(networks.map((n) => n.provider.split("::")[3])).toEqual(["local", "dr-host"]);
    });

    it("keeps the component's inherited provider for parts on the local engine, as the README's example does", async () => {
        expect((await attempt("docs", parse(sampleValues()), () => ({}))).error).toBeUndefined();
        const config = twoHosts({
            production: { address: "10.0.0.10", licenseServerPublishAddress: "10.0.0.10" },
            licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" },
        });
        const readme = await attempt("docs", config, () => ({ redundancy: new docker.Provider("dr-host", { host: config.redundancy.dockerHost }) }));
        expect(readme.error).toBeUndefined();
    });
});
