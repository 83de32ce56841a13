/**
 * Each policy catches a composing user breaking the contract: a component transform (the components' per-child
 * escape hatches), a Pulumi `transformations` option on the component, or a resource added next to it. The
 * resources are what the real components then register under the mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as policies from "../../policy/policies";
import type { PolicyResourceLike, Violation } from "../../policy/model";
import { SYSTEM_SECRETS } from "../system/configs";
import { messages, policyView } from "./harness";

type Args = Record<string, any>;
const caught = (violations: Violation[], pattern: RegExp) => expect(messages(violations)).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
const stackCheck = (check: (resources: PolicyResourceLike[]) => Violation[]) => async (view: Promise<{ stack: PolicyResourceLike[] }>) =>
    check((await view).stack);

/** Replaces `NAME=...` in a Docker container's envs. */
const withEnv =
    (name: string, value: string) =>
    (args: Args): any => ({
        ...args,
        envs: [...(args.envs as string[]).filter((e) => !e.startsWith(`${name}=`)), `${name}=${value}`],
    });
/** Edits one uploaded file of a Docker container. */
const withUpload =
    (file: string, edit: (content: any) => any) =>
    (args: Args): any => ({
        ...args,
        uploads: (args.uploads as Args[]).map((u) => (u.file.endsWith(file) ? { ...u, content: edit(u.content) } : u)),
    });
/** Edits the (JSON) container definitions of an ECS task. */
const withContainers =
    (edit: (containers: Args[]) => Args[]) =>
    (args: Args): any => ({
        ...args,
        containerDefinitions: pulumi.output(args.containerDefinitions).apply((json: string) => JSON.stringify(edit(JSON.parse(json)))),
    });
/** A Pulumi `transformations` option that edits every child resource of `type`. */
const transforming = (type: string, edit: (props: Args, name: string, opts: pulumi.ResourceOptions) => { props: Args; opts: pulumi.ResourceOptions }) => ({
    transformations: [(a: pulumi.ResourceTransformationArgs) => (a.type === type ? edit(a.props, a.name, a.opts) : undefined)],
});

describe("license-main-production-backup-redundancy", () => {
    const check = stackCheck(policies.licenseMainAndBackup);
    it("catches a Docker Web Author whose backup is production's license server", async () => {
        const main = "http://webauthor-production-license-server:8080/oXygenLicenseServlet/license-servlet";
        const violations = await check(
            policyView("local", { transforms: { redundancy: { webAuthor: { container: withEnv("BACKUP_LICENSE_SERVER_URL", main) } } } }),
        );
        caught(violations, /redundancy Web Author .*BACKUP_LICENSE_SERVER_URL=.* reaches the production license server; it must be the redundancy/);
        caught(violations, /main and backup license server are the same/);
    });
    it("catches swapped main and backup across hosts (published addresses)", async () => {
        const swap = (args: Args): any => ({
            ...args,
            envs: (args.envs as string[]).map((e) =>
                e.replace("10.77.0.11:18080", "SWAP").replace("10.77.0.12:18081", "10.77.0.11:18080").replace("SWAP", "10.77.0.12:18081"),
            ),
        });
        const violations = await check(policyView("threeHosts", { transforms: { production: { webAuthor: { container: swap } } } }));
        caught(
            violations,
            /production Web Author .*BACKUP_LICENSE_SERVER_URL=http:\/\/10\.77\.0\.11:18080.* reaches the production license server; it must be the redundancy/,
        );
    });
    it("catches an AWS task whose main license server is redundancy's", async () => {
        const toRedundancy = withContainers((cs) =>
            cs.map((c) => ({
                ...c,
                environment: c.environment.map((e: Args) =>
                    e.name === "LICENSE_SERVER_URL" ? { ...e, value: e.value.replace("license-production", "license-redundancy") } : e,
                ),
            })),
        );
        const violations = await check(policyView("prod", { transforms: { production: { webAuthorService: { taskDefinition: toRedundancy } } } }));
        caught(
            violations,
            /production Web Author .*LICENSE_SERVER_URL=.*license-redundancy.* reaches the redundancy license server; it must be the production/,
        );
    });
});

describe("license-key-own-environment", () => {
    const check = stackCheck(policies.licenseKeyOwnEnvironment);
    it("catches the production key on the redundancy license server (Docker upload)", async () => {
        const prodKey = withUpload("/run/secrets/oxygen-license-key", () => pulumi.secret(SYSTEM_SECRETS.productionLicenseKey));
        const violations = await check(policyView("local", { transforms: { redundancy: { licenseServer: { container: prodKey } } } }));
        caught(violations, /webauthor-redundancy-license-server-container: production and redundancy license servers receive the same key/);
        caught(violations, /webauthor-redundancy-license-server-container holds the production license key/);
    });
    it("catches a key copied into a Web Author container", async () => {
        const addKey = (args: Args): any => ({
            ...args,
            uploads: [...args.uploads, { file: "/tmp/key", content: pulumi.secret(SYSTEM_SECRETS.redundancyLicenseKey) }],
        });
        caught(
            await check(policyView("threeHosts", { transforms: { production: { webAuthor: { container: addKey } } } })),
            /webauthor-production-web-author-container holds the redundancy license key/,
        );
    });
    it("catches the production key in the redundancy license server's AWS secret", async () => {
        const opts = transforming("aws:secretsmanager/secretVersion:SecretVersion", (props, name, o) => ({
            props: name.includes("redundancy-license-server")
                ? {
                      ...props,
                      secretString: pulumi
                          .output(props.secretString)
                          .apply((s: string) => JSON.stringify({ ...JSON.parse(s), licenseKey: SYSTEM_SECRETS.productionLicenseKey })),
                  }
                : props,
            opts: o,
        }));
        caught(
            await check(policyView("prod", { opts })),
            /webauthor-redundancy-license-server-secret-value: production and redundancy license servers receive the same key/,
        );
    });
});

describe("license-secret-own-license-server", () => {
    const check = stackCheck(policies.licenseSecretAccess);
    it("catches a user policy that lets a Web Author task read every secret", async () => {
        const additions = () => {
            new aws.iam.RolePolicy("user-read-all-secrets", {
                role: "webauthor-redundancy-web-author-task-id",
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] }),
            });
        };
        const violations = await check(policyView("prod", { additions }));
        caught(violations, /user-read-all-secrets lets webauthor-redundancy-web-author-task read webauthor-production-license-server-secret/);
        caught(violations, /user-read-all-secrets lets webauthor-redundancy-web-author-task read webauthor-redundancy-license-server-secret/);
    });
    it("catches a broad managed policy on one of our roles", async () => {
        const additions = () => {
            new aws.iam.RolePolicyAttachment("user-secrets-admin", {
                role: "webauthor-production-web-author-task-id",
                policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
            });
        };
        caught(await check(policyView("prod", { additions })), /user-secrets-admin gives webauthor-production-web-author-task .*SecretsManagerReadWrite/);
    });
});

describe("failover-production-active-redundancy-backup", () => {
    const check = stackCheck(policies.failoverActiveBackup);
    it("catches HAProxy without `backup` on redundancy", async () => {
        const noBackup = withUpload("haproxy.cfg", (cfg: string) => cfg.replace(/ backup\b/, ""));
        const violations = await check(policyView("local", { transforms: { loadBalancer: { configWriter: noBackup } } }));
        caught(violations, /redundancy's Web Author is an active server/);
        caught(violations, /redundancy's Web Author is not a `backup` server/);
    });
    it("catches HAProxy with the servers' addresses swapped (three hosts)", async () => {
        const swap = withUpload("haproxy.cfg", (cfg: string) =>
            cfg.replace("10.77.0.11:18090", "SWAP").replace("10.77.0.12:18091", "10.77.0.11:18090").replace("SWAP", "10.77.0.12:18091"),
        );
        caught(await check(policyView("threeHosts", { transforms: { loadBalancer: { configWriter: swap } } })), /production's Web Author is marked `backup`/);
    });
    it("catches Route 53 records with PRIMARY and SECONDARY swapped", async () => {
        const opts = transforming("aws:route53/record:Record", (props, name, o) => ({
            props: name.endsWith("-primary")
                ? { ...props, failoverRoutingPolicies: [{ type: "SECONDARY" }] }
                : name.endsWith("-secondary")
                  ? { ...props, failoverRoutingPolicies: [{ type: "PRIMARY" }] }
                  : props,
            opts: o,
        }));
        const violations = await check(policyView("prod", { opts }));
        caught(violations, /webauthor-failover-secondary is PRIMARY but does not point at production's load balancer/);
        caught(violations, /webauthor-failover-secondary is PRIMARY without a health check/);
        caught(violations, /webauthor-failover-primary is SECONDARY but does not point at redundancy's/);
    });
});

describe("failover-health-check-status-path", () => {
    const check = stackCheck(policies.failoverHealthCheck);
    it("catches HAProxy checking another path", async () => {
        const root = withUpload("haproxy.cfg", (cfg: string) =>
            cfg.replace("option httpchk GET /oxygen-xml-web-author/rest-public/status", "option httpchk GET /"),
        );
        caught(
            await check(policyView("local", { transforms: { loadBalancer: { configWriter: root } } })),
            /does not check \/oxygen-xml-web-author\/rest-public\/status/,
        );
    });
    it("catches the Route 53 health check and a target group checking another path", async () => {
        const violations = await check(
            policyView("prod", {
                transforms: {
                    failover: { healthCheck: (args) => ({ ...args, resourcePath: "/" }) },
                    redundancy: {
                        entrance: { targetGroup: (args) => ({ ...args, healthCheck: { ...(args.healthCheck as Args), path: "/oxygen-xml-web-author/" } }) },
                    },
                },
            }),
        );
        caught(violations, /webauthor-failover-production-health \(PRIMARY's health check\) requests HTTPS \//);
        caught(violations, /webauthor-redundancy-web-author-tg health-checks \/oxygen-xml-web-author\//);
    });
});

describe("license-server-not-public", () => {
    const check = stackCheck(policies.licenseServerNotPublic);
    it("catches a Docker license server published on every interface, unless allowed", async () => {
        const everywhere = (args: Args): any => ({ ...args, ports: (args.ports as Args[]).map((p) => ({ ...p, ip: "0.0.0.0" })) });
        const view = await policyView("local", { transforms: { production: { licenseServer: { container: everywhere } } } });
        caught(
            policies.licenseServerNotPublic(view.stack),
            /webauthor-production-license-server-container publishes the license server's port 18080 on every interface/,
        );
        expect(policies.licenseServerNotPublic(view.stack, { allowAllInterfaces: true })).toEqual([]);
    });
    it("catches a license-server security group opened to the world, and a public IP", async () => {
        const additions = () => {
            new aws.vpc.SecurityGroupIngressRule("user-open-license-server", {
                securityGroupId: "webauthor-production-license-server-sg-id",
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
            });
        };
        const publicIp = (args: Args): any => ({ ...args, associatePublicIpAddress: true });
        const violations = await check(policyView("prod", { additions, transforms: { redundancy: { licenseServer: { instance: publicIp } } } }));
        caught(violations, /user-open-license-server admits 0\.0\.0\.0\/0 to a license server's security group/);
        caught(violations, /webauthor-redundancy-license-server-instance \(a license server\) gets a public IP address/);
    });
});

describe("no-plaintext-secret-inputs", () => {
    const check = async (view: Promise<{ each: PolicyResourceLike[] }>) => (await view).each.flatMap(policies.noPlaintextSecrets);
    it("catches a password in a Docker Web Author's plain environment", async () => {
        const violations = await check(
            policyView("local", { transforms: { production: { webAuthor: { container: withEnv("OXYGEN_ADMIN_SETUP_PASSWORD", "wa-admin") } } } }),
        );
        caught(violations, /webauthor-production-web-author-container: environment variable OXYGEN_ADMIN_SETUP_PASSWORD holds a secret in plain text/);
    });
    it("catches a password in an ECS task's environment instead of its secrets", async () => {
        const plain = withContainers((cs) => cs.map((c) => ({ ...c, environment: [...c.environment, { name: "LICENSE_SERVER_PASSWORD", value: "ls-pw" }] })));
        const violations = await check(policyView("prod", { transforms: { redundancy: { webAuthorService: { taskDefinition: plain } } } }));
        caught(violations, /webauthor-redundancy-web-author-task-definition: container web-author environment LICENSE_SERVER_PASSWORD/);
    });
});

describe("state-on-persistent-storage", () => {
    const check = stackCheck(policies.stateOnPersistentStorage);
    it("catches a Docker Web Author without its data volume", async () => {
        const noVolume = (args: Args): any => ({ ...args, volumes: [] });
        caught(
            await check(policyView("local", { transforms: { redundancy: { webAuthor: { container: noVolume } } } })),
            /webauthor-redundancy-web-author-container keeps its data directory .* on no named volume/,
        );
    });
    it("catches a license-server instance that deletes its network interface on termination", async () => {
        const deletes = (args: Args): any => ({ ...args, primaryNetworkInterface: { ...(args.primaryNetworkInterface as Args), deleteOnTermination: true } });
        caught(
            await check(policyView("prod", { transforms: { production: { licenseServer: { instance: deletes } } } })),
            /webauthor-production-license-server-instance does not keep its network interface/,
        );
    });
});

describe("state-retained-on-delete", () => {
    it("catches volumes, interfaces and file systems no longer retained on delete", async () => {
        const notRetained = { transformations: [(a: pulumi.ResourceTransformationArgs) => ({ props: a.props, opts: { ...a.opts, retainOnDelete: false } })] };
        for (const stack of ["local", "prod"] as const) {
            const view = await policyView(stack, { opts: notRetained });
            const violations = view.each.flatMap(policies.stateRetainedOnDelete);
            caught(violations, stack === "local" ? /webauthor-production-web-author-data holds state/ : /webauthor-production-license-server-nic holds state/);
            expect(violations.length).toBe(view.each.filter(policies.holdsState).length);
        }
    });
    it("accepts protect instead, and says nothing when the engine does not report retainOnDelete", async () => {
        const view = await policyView("local");
        const volume = view.each.find((r) => r.name === "webauthor-production-web-author-data")!;
        expect(policies.stateRetainedOnDelete({ ...volume, opts: { protect: true, retainOnDelete: false } })).toEqual([]);
        const asEngineSees = { ...volume, opts: { protect: false } };
        expect(policies.stateRetainedOnDelete(asEngineSees)).toEqual([]);
        expect(policies.retentionVisible(asEngineSees)).toBe(false);
    });
});
