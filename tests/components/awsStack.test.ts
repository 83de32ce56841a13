import { NON_NORMAL_PATH_PATTERNS, WEB_AUTHOR_ADMIN_PATH, WEB_AUTHOR_STATUS_PATH } from "../../components";
import * as pulumi from "@pulumi/pulumi";
import { deployStack } from "../../stacks/program";
import { promiseOf, RecordedInvoke, RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { secretsUsedOnlyAsSecrets } from "../helpers/secretChecks";

/** The AWS platform's own outputs (the stack program's deployment is typed for every platform). */
function awsOutputs(outputs: object) {
    if (!("failover" in outputs) || !pulumi.Output.isInstance(outputs.failover)) throw new Error("not an AWS deployment");
    return { failover: outputs.failover };
}
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, SECRETS } from "../helpers/sampleConfig";

async function deployAws(values: Record<string, unknown> = awsSampleValues()) {
    const { config, secretKeys } = asPulumiConfig(values);
    const invokes: RecordedInvoke[] = [];
    const run = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES, invokes);
    return { ...run, invokes };
}

const ROLES = ["production", "redundancy"] as const;

function finder(resources: RecordedResource[]) {
    const byName = (name: string) => {
        const found = resources.find((r) => r.name === name);
        if (!found) throw new Error(`no resource named ${name}; have: ${resources.map((r) => r.name).join(", ")}`);
        return found;
    };
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const inputs = (name: string) => unwrapSecrets(byName(name).inputs) as Record<string, any>;
    return { byName, ofType, inputs };
}

const idOf = (name: string) => `${name}-id`;
const arnOf = (type: string, name: string) => `arn:aws:mock:eu-west-1:123456789012:${type}/${name}`;

describe("the prod stack on AWS, under Pulumi's mocks", () => {
    let resources: RecordedResource[];
    let invokes: RecordedInvoke[];
    let find: ReturnType<typeof finder>;

    beforeAll(async () => {
        ({ resources, invokes } = await deployAws());
        find = finder(resources);
    });

    it("makes only the invokes the tests model, each once per use", () => {
        const tokens = invokes.map((i) => i.token).sort();
        expect(tokens).toEqual([
            "aws:ec2/getAmi:getAmi",
            "aws:ec2/getAmi:getAmi",
            "aws:ecr/getAuthorizationToken:getAuthorizationToken",
            "aws:ecr/getAuthorizationToken:getAuthorizationToken",
            "aws:index/getAvailabilityZones:getAvailabilityZones",
        ]);
        // Each environment's AMI lookup goes through its own provider (its region).
        const amiProviders = invokes.filter((i) => i.token === "aws:ec2/getAmi:getAmi").map((i) => i.provider);
        expect(amiProviders.some((p) => p.includes("::production-aws::"))).toBe(true);
        expect(amiProviders.some((p) => p.includes("::redundancy-aws::"))).toBe(true);
    });

    it("puts the license servers in private subnets of different zones, without public IPs", () => {
        const zones: string[] = [];
        for (const [zone, role] of ROLES.entries()) {
            const nic = find.inputs(`webauthor-${role}-license-server-nic`);
            expect(nic.subnetId).toBe(idOf(`webauthor-network-private-${zone}`));
            const subnet = find.inputs(`webauthor-network-private-${zone}`);
            expect(subnet.mapPublicIpOnLaunch).toBe(false);
            zones.push(subnet.availabilityZone);
            // The private subnet's only way out is its zone's NAT gateway, never the internet gateway.
            const routes = find.inputs(`webauthor-network-private-${zone}-routes`).routes;
            expect(routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: idOf(`webauthor-network-nat-${zone}`) }]);
            const instance = find.inputs(`webauthor-${role}-license-server-instance`);
            expect(instance.primaryNetworkInterface).toEqual({ networkInterfaceId: idOf(`webauthor-${role}-license-server-nic`), deleteOnTermination: false });
            expect(instance.associatePublicIpAddress).toBeUndefined();
            expect(instance.keyName).toBeUndefined();
            expect(instance.metadataOptions.httpTokens).toBe("required");
            expect(instance.rootBlockDevice.encrypted).toBe(true);
        }
        expect(zones).toEqual(["eu-west-1a", "eu-west-1b"]);
        for (const role of ROLES) {
            const service = find.inputs(`webauthor-${role}-web-author-service`);
            expect(service.networkConfiguration.assignPublicIp).toBe(false);
            expect(service.networkConfiguration.subnets).toEqual([idOf(`webauthor-network-private-${role === "production" ? 0 : 1}`)]);
        }
    });

    it("keeps what the activation and the data depend on: retained on delete, and the instance replaced around them", () => {
        const retained = resources
            .filter((r) => r.retainOnDelete)
            .map((r) => `${r.type} ${r.name}`)
            .sort();
        expect(retained).toEqual(
            ROLES.flatMap((role) => [
                `aws:ebs/volume:Volume webauthor-${role}-license-server-data`,
                `aws:ec2/networkInterface:NetworkInterface webauthor-${role}-license-server-nic`,
                `aws:efs/fileSystem:FileSystem webauthor-${role}-web-author-data`,
            ]).sort(),
        );
        for (const role of ROLES) {
            const instance = find.byName(`webauthor-${role}-license-server-instance`);
            // The retained interface can be primary on one instance at a time.
            expect(instance.deleteBeforeReplace).toBe(true);
            expect(instance.ignoreChanges).toEqual(["ami"]);
            expect(instance.inputs.userDataReplaceOnChange).toBe(true);
            expect(find.inputs(`webauthor-${role}-license-server-data`).encrypted).toBe(true);
            expect(find.inputs(`webauthor-${role}-web-author-data`).encrypted).toBe(true);
            expect(find.inputs(`webauthor-${role}-web-author-data-backup`)).toEqual({
                fileSystemId: idOf(`webauthor-${role}-web-author-data`),
                backupPolicy: { status: "ENABLED" },
            });
            // The activation state is also snapshotted daily: DLM selects the volume by its tag.
            const volumeTags = find.inputs(`webauthor-${role}-license-server-data`).tags;
            const policy = find.inputs(`webauthor-${role}-license-server-snapshots`);
            expect(policy.policyDetails.targetTags).toEqual({ "oxygen-webauthor-ha:snapshots": `webauthor-${role}-license-server-data` });
            expect(volumeTags["oxygen-webauthor-ha:snapshots"]).toBe(`webauthor-${role}-license-server-data`);
            expect(policy.policyDetails.schedules[0]).toMatchObject({
                createRule: { interval: 24, intervalUnit: "HOURS", times: "03:00" },
                retainRule: { count: 7 },
            });
            expect(policy.executionRoleArn).toBe(arnOf("iam/role", `webauthor-${role}-license-server-snapshot-role`));
            const attachment = find.inputs(`webauthor-${role}-license-server-data-attachment`);
            expect(attachment).toMatchObject({
                instanceId: idOf(`webauthor-${role}-license-server-instance`),
                volumeId: idOf(`webauthor-${role}-license-server-data`),
            });
        }
    });

    const ingressRules = () =>
        find.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => unwrapSecrets(r.inputs) as Record<string, any>);

    it("admits only the two Web Authors' security groups to each license server, on its port", () => {
        for (const role of ROLES) {
            const rules = ingressRules().filter((r) => r.securityGroupId === idOf(`webauthor-${role}-license-server-sg`));
            expect(rules.map((r) => [r.fromPort, r.toPort, r.ipProtocol, r.referencedSecurityGroupId, r.cidrIpv4]).sort()).toEqual([
                [8080, 8080, "tcp", idOf("webauthor-production-web-author-sg"), undefined],
                [8080, 8080, "tcp", idOf("webauthor-redundancy-web-author-sg"), undefined],
            ]);
        }
    });

    it("lets only the load balancers accept traffic from the internet, on 80 and 443", () => {
        const open = ingressRules().filter((r) => r.cidrIpv4 !== undefined || r.cidrIpv6 !== undefined || r.prefixListId !== undefined);
        expect(open.map((r) => `${r.securityGroupId} ${r.fromPort}-${r.toPort} ${r.cidrIpv4}`).sort()).toEqual(
            ROLES.flatMap((role) => [80, 443].map((port) => `${idOf(`webauthor-${role}-alb-sg`)} ${port}-${port} 0.0.0.0/0`)).sort(),
        );
        // Everything else admits one named group only, and nothing admits SSH.
        for (const rule of ingressRules()) {
            expect(rule.fromPort).not.toBe(22);
            if (rule.cidrIpv4 === undefined) expect(rule.referencedSecurityGroupId).toMatch(/-sg-id$/);
        }
        for (const role of ROLES) {
            const webAuthorIn = ingressRules().filter((r) => r.securityGroupId === idOf(`webauthor-${role}-web-author-sg`));
            expect(webAuthorIn.map((r) => [r.fromPort, r.referencedSecurityGroupId])).toEqual([[8080, idOf(`webauthor-${role}-alb-sg`)]]);
            expect(find.inputs(`webauthor-${role}-web-author-alb`).internal).toBe(false);
        }
        expect(find.ofType("aws:lb/loadBalancer:LoadBalancer")).toHaveLength(2);
    });

    it("passes passwords to ECS through `secrets` and to EC2 through Secrets Manager, never as plain environment or user data", () => {
        for (const role of ROLES) {
            const [container] = JSON.parse(find.inputs(`webauthor-${role}-web-author-task-definition`).containerDefinitions);
            const secretArn = arnOf("secretsmanager/secret", `webauthor-${role}-web-author-secret`);
            const version = `webauthor-${role}-web-author-secret-value-version-1`;
            expect(container.secrets).toEqual([
                { name: "LICENSE_SERVER_PASSWORD", valueFrom: `${secretArn}:licenseServerPassword::${version}` },
                { name: "BACKUP_LICENSE_SERVER_PASSWORD", valueFrom: `${secretArn}:licenseServerPassword::${version}` },
                { name: "OXYGEN_ADMIN_SETUP_PASSWORD", valueFrom: `${secretArn}:adminSetupPassword::${version}` },
            ]);
            const environment = JSON.stringify(container.environment);
            for (const secret of Object.values(SECRETS)) expect(environment).not.toContain(secret);
            expect(JSON.parse(find.inputs(`webauthor-${role}-web-author-secret-value`).secretString)).toEqual({
                licenseServerPassword: SECRETS.licenseServerPassword,
                adminSetupPassword: SECRETS.webAuthorAdminPassword,
            });
            const userData: string = find.inputs(`webauthor-${role}-license-server-instance`).userData;
            for (const secret of Object.values(SECRETS)) expect(userData).not.toContain(secret);
            expect(userData).toContain(`SECRET_ID='${arnOf("secretsmanager/secret", `webauthor-${role}-license-server-secret`)}'`);
            expect(userData).toContain(`SECRET_VERSION_ID='webauthor-${role}-license-server-secret-value-version-1'`);
        }
    });

    it("keeps every secret out of plain inputs, and passes each one as a secret where it is used", () => {
        // The ECR token is a credential too: it must reach the image's registry login wrapped as a secret.
        const used = secretsUsedOnlyAsSecrets(resources, { ...SECRETS, ecrToken: "ecr-registry-token" });
        expect(used).toEqual([...Object.keys(SECRETS), "ecrToken"].sort());
    });

    it("puts each key only into its own environment's secret, and lets each role read only its own environment's secrets", () => {
        const secretHolding = (value: string) =>
            find
                .ofType("aws:secretsmanager/secretVersion:SecretVersion")
                .filter((r) => JSON.stringify(unwrapSecrets(r.inputs)).includes(value))
                .map((r) => r.name);
        expect(secretHolding(SECRETS.productionLicenseKey)).toEqual(["webauthor-production-license-server-secret-value"]);
        expect(secretHolding(SECRETS.redundancyLicenseKey)).toEqual(["webauthor-redundancy-license-server-secret-value"]);

        // Every policy that grants reading a secret, by the role it is attached to.
        const readable = new Map<string, string[]>();
        for (const policy of find.ofType("aws:iam/rolePolicy:RolePolicy")) {
            const doc = JSON.parse((unwrapSecrets(policy.inputs) as any).policy);
            for (const statement of doc.Statement) {
                if (![statement.Action].flat().some((a: string) => a.startsWith("secretsmanager:") || a === "*")) continue;
                const role = String(policy.inputs.role).replace(/-id$/, "");
                readable.set(role, [...(readable.get(role) ?? []), ...[statement.Resource].flat()]);
            }
        }
        const secret = (name: string) => arnOf("secretsmanager/secret", name);
        expect(Object.fromEntries([...readable].sort())).toEqual({
            "webauthor-production-license-server-role": [secret("webauthor-production-license-server-secret")],
            "webauthor-production-web-author-execution": [secret("webauthor-production-web-author-secret")],
            "webauthor-redundancy-license-server-role": [secret("webauthor-redundancy-license-server-secret")],
            "webauthor-redundancy-web-author-execution": [secret("webauthor-redundancy-web-author-secret")],
        });
        // The task roles (what Web Author itself runs as) may only mount their own file system through its access point.
        for (const role of ROLES) {
            const doc = JSON.parse(find.inputs(`webauthor-${role}-web-author-task-efs`).policy);
            expect(doc.Statement).toEqual([
                {
                    Effect: "Allow",
                    Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                    Resource: arnOf("efs/fileSystem", `webauthor-${role}-web-author-data`),
                    Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": arnOf("efs/accessPoint", `webauthor-${role}-web-author-data-access`) } },
                },
            ]);
            const managed = find
                .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((r) => String(r.inputs.role).startsWith(`webauthor-${role}-web-author-task`));
            expect(managed).toEqual([]);
        }
    });

    it("aliases production's ALB in the PRIMARY record and redundancy's in the SECONDARY, with production's health check", () => {
        const primary = find.inputs("webauthor-failover-primary");
        const secondary = find.inputs("webauthor-failover-secondary");
        expect(primary).toMatchObject({
            zoneId: "Z0123456789ABCDEFGHIJ",
            name: "webauthor.example.com",
            type: "A",
            setIdentifier: "production",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
            healthCheckId: idOf("webauthor-failover-production-health"),
            aliases: [{ name: "webauthor-production-web-author-alb.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: false }],
        });
        expect(secondary).toMatchObject({
            setIdentifier: "redundancy",
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
            aliases: [{ name: "webauthor-redundancy-web-author-alb.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: false }],
        });
        expect(secondary.healthCheckId).toBeUndefined();
        const check = find.inputs("webauthor-failover-production-health");
        expect(check).toMatchObject({
            type: "HTTPS",
            fqdn: "webauthor-production-web-author-alb.eu-west-1.elb.amazonaws.com",
            port: 443,
            requestInterval: 10,
            failureThreshold: 3,
        });
    });

    it("checks the same status path in the Route 53 health check and both target groups", () => {
        const check = find.inputs("webauthor-failover-production-health");
        const groups = find.ofType("aws:lb/targetGroup:TargetGroup").map((r) => unwrapSecrets(r.inputs) as Record<string, any>);
        expect(groups).toHaveLength(2);
        expect(new Set([check.resourcePath, ...groups.map((g) => g.healthCheck.path)])).toEqual(new Set([WEB_AUTHOR_STATUS_PATH]));
        for (const group of groups) {
            expect(group.healthCheck).toMatchObject({ matcher: "200", interval: 5, timeout: 4, healthyThreshold: 2, unhealthyThreshold: 2 });
            expect(group.stickiness).toMatchObject({ enabled: true, type: "lb_cookie" });
        }
        for (const role of ROLES) {
            const [container] = JSON.parse(find.inputs(`webauthor-${role}-web-author-task-definition`).containerDefinitions);
            expect(container.healthCheck.command.join(" ")).toContain(WEB_AUTHOR_STATUS_PATH);
        }
    });

    it("serves HTTPS with the certificate, redirects HTTP, and answers 403 on the Admin page unless the source is allowed", () => {
        for (const short of ["production-web-author", "redundancy-web-author"]) {
            const https = find.inputs(`webauthor-${short}-alb-https`);
            expect(https).toMatchObject({ port: 443, protocol: "HTTPS", certificateArn: expect.stringMatching(/^arn:aws:acm:eu-west-1:/) });
            expect(find.inputs(`webauthor-${short}-alb-http`).defaultActions).toEqual([
                { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ]);
            const listenerArn = `arn:aws:mock:eu-west-1:123456789012:lb/listener/webauthor-${short}-alb-https`;
            const rules = find.ofType("aws:lb/listenerRule:ListenerRule").filter((r) => r.name.startsWith(`webauthor-${short}-alb-`));
            expect(rules.map((r) => r.name).sort()).toEqual([
                `webauthor-${short}-alb-admin-allow-0`,
                `webauthor-${short}-alb-admin-deny`,
                `webauthor-${short}-alb-admin-deny-non-normal`,
            ]);
            const allow = find.inputs(`webauthor-${short}-alb-admin-allow-0`);
            const deny = find.inputs(`webauthor-${short}-alb-admin-deny`);
            const nonNormal = find.inputs(`webauthor-${short}-alb-admin-deny-non-normal`);
            for (const rule of [allow, deny, nonNormal]) expect(rule.listenerArn).toBe(listenerArn);
            // Allowed sources are forwarded whatever the path, before either deny rule is evaluated.
            expect(allow.priority).toBeLessThan(Math.min(deny.priority, nonNormal.priority));
            expect(allow.conditions).toEqual([{ sourceIp: { values: ["203.0.113.0/24"] } }]);
            expect(allow.actions).toEqual([{ type: "forward", targetGroupArn: expect.any(String) }]);
            expect(deny.conditions).toEqual([{ pathPattern: { values: [`${WEB_AUTHOR_ADMIN_PATH}*`] } }]);
            expect(nonNormal.conditions).toEqual([{ pathPattern: { regexValues: [...NON_NORMAL_PATH_PATTERNS] } }]);
            for (const rule of [deny, nonNormal]) {
                expect(rule.actions).toEqual([
                    { type: "fixed-response", fixedResponse: { statusCode: "403", contentType: "text/plain", messageBody: "Forbidden" } },
                ]);
            }
            expect(find.inputs(`webauthor-${short}-alb`).idleTimeout).toBe(3600);
        }
    });

    it("gives both Web Authors production's license server as main and redundancy's as backup, by their private names", () => {
        for (const role of ROLES) {
            const [container] = JSON.parse(find.inputs(`webauthor-${role}-web-author-task-definition`).containerDefinitions);
            const env = Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
            expect(env).toMatchObject({
                LICENSE_SERVER_URL: "http://license-production.webauthor.internal:8080/oXygenLicenseServlet/license-servlet",
                BACKUP_LICENSE_SERVER_URL: "http://license-redundancy.webauthor.internal:8080/oXygenLicenseServlet/license-servlet",
                LICENSE_SERVER_USER: "webauthor",
            });
            expect(find.inputs(`webauthor-${role}-license-server-dns`)).toMatchObject({
                name: `license-${role}.webauthor.internal`,
                type: "A",
                records: ["10.40.128.10"],
            });
        }
        expect(find.inputs("webauthor-private-zone").vpcs).toEqual([{ vpcId: idOf("webauthor-network-vpc"), vpcRegion: "eu-west-1" }]);
    });

    it("sizes the task from config (default 2 vCPU, 6 GB) and keeps its data on an encrypted EFS access point", () => {
        for (const role of ROLES) {
            const task = find.inputs(`webauthor-${role}-web-author-task-definition`);
            expect(task).toMatchObject({ cpu: "2048", memory: "6144", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"] });
            expect(task.volumes).toEqual([
                {
                    name: "data",
                    efsVolumeConfiguration: {
                        fileSystemId: idOf(`webauthor-${role}-web-author-data`),
                        transitEncryption: "ENABLED",
                        authorizationConfig: { accessPointId: idOf(`webauthor-${role}-web-author-data-access`), iam: "ENABLED" },
                    },
                },
            ]);
            expect(find.inputs(`webauthor-${role}-web-author-logs`).retentionInDays).toBe(30);
            expect(find.inputs(`webauthor-${role}-web-author-service`)).toMatchObject({ desiredCount: 1, launchType: "FARGATE", waitForSteadyState: true });
        }
    });

    it("places each environment with its own provider", () => {
        for (const role of ROLES) {
            for (const leaf of ["license-server-instance", "web-author-service", "web-author-task-definition"]) {
                expect(find.byName(`webauthor-${role}-${leaf}`).provider).toContain(`::${role}-aws::`);
            }
        }
        expect(find.byName("webauthor-failover-primary").provider).toContain("::failover-aws::");
        expect(find.byName("production-aws").inputs.region).toBe("eu-west-1");
    });

    it("reports URLs, DNS names, activation pages and the failover's IDs, with no secret among them", async () => {
        const deployment = (await deployAws()).result;
        expect(await promiseOf(deployment.publicUrl)).toBe("https://webauthor.example.com/oxygen-xml-web-author/app/oxygen.html");
        const envs = await promiseOf(deployment.environmentOutputs);
        expect(envs.production).toEqual({
            webAuthorUrl: "https://webauthor-production-web-author-alb.eu-west-1.elb.amazonaws.com/oxygen-xml-web-author/app/oxygen.html",
            licenseServerUrl: "http://license-production.webauthor.internal:8080/oXygenLicenseServlet/license-servlet",
            activationUrl: "http://license-production.webauthor.internal:8080/oXygenLicenseServlet/",
            loadBalancerDnsName: "webauthor-production-web-author-alb.eu-west-1.elb.amazonaws.com",
            licenseServerDnsName: "license-production.webauthor.internal",
            licenseServerInstanceId: "webauthor-production-license-server-instance-id",
        });
        const failover = await promiseOf(awsOutputs(deployment.platformOutputs).failover);
        expect(failover).toEqual({
            healthCheckId: "webauthor-failover-production-health-id",
            primaryRecordId: "webauthor-failover-primary-id",
            secondaryRecordId: "webauthor-failover-secondary-id",
            alarmTopicArn: "arn:aws:mock:eu-west-1:123456789012:sns/topic/webauthor-failover-alarms",
            failoverAlarmName: "webauthor-failover-active",
            standbyAlarmName: "webauthor-failover-standby-unhealthy",
            redundancyHealthCheckId: "webauthor-failover-redundancy-health-id",
            worstCaseFailoverSeconds: 90,
        });
        const all = JSON.stringify({ envs, failover });
        for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
    });

    it("gives every resource a name of its own", () => {
        const names = resources.map((r) => r.name);
        expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    });

    it("registers identical resources with identical inputs when run twice with the same config", async () => {
        const strip = (rs: RecordedResource[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, provider: r.provider }));
        const second = strip((await deployAws()).resources);
        expect(second).toEqual(strip(resources));
    });
});
