/**
 * Per-child transforms (SST's shape): every child resource on both platforms passes through exactly one transform
 * slot, a transform receives the child's resource options as well as its args, and what it sets reaches the engine's
 * registration of that one child and no other.
 */
import { deployStack } from "../../stacks/program";
import type { AwsTransforms, DockerTransforms } from "../../components";
import { RecordedResource, runProgram } from "../helpers/pulumiMocks";
import { AWS_INVOKES } from "../helpers/sampleConfig";
import { crossRegionAwsStack, localStack, prodStack, StackConfig, threeHostStack } from "../system/configs";

interface Call {
    readonly slot: string;
    readonly name: string;
    readonly hasOptions: boolean;
}

/** A transforms object with a recording transform in every slot a platform may read (any path of keys). */
function everySlot(calls: Call[]): any {
    const node = (path: string[]): any =>
        new Proxy(function slot() {}, {
            get: (_target, key) => (typeof key === "string" && key !== "then" ? node([...path, key]) : undefined),
            apply: (_target, _this, [, opts, name]: [unknown, { parent?: unknown }, string]) => {
                calls.push({ slot: path.join("."), name, hasOptions: opts?.parent !== undefined });
                return undefined;
            },
        });
    return node([]);
}

async function run(stack: StackConfig, transforms?: DockerTransforms | AwsTransforms): Promise<RecordedResource[]> {
    return (await runProgram(() => deployStack(transforms), stack.config, stack.secretKeys, [], AWS_INVOKES)).resources;
}

const childResources = (resources: RecordedResource[]) => resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));

/** The slots, as the README's composition section lists them: `<path>: <resource types>`. */
const SLOTS: Record<string, Record<string, string[]>> = {
    docker: {
        network: ["docker:index/network:Network"],
        "<role>.licenseServer.workVolume": ["docker:index/volume:Volume"],
        "<role>.licenseServer.image": ["docker:index/remoteImage:RemoteImage"],
        "<role>.licenseServer.container": ["docker:index/container:Container"],
        "<role>.webAuthor.dataVolume": ["docker:index/volume:Volume"],
        "<role>.webAuthor.image": ["docker:index/remoteImage:RemoteImage"],
        "<role>.webAuthor.container": ["docker:index/container:Container"],
        "loadBalancer.image": ["docker:index/remoteImage:RemoteImage"],
        "loadBalancer.container": ["docker:index/container:Container"],
        "loadBalancer.configVolume": ["docker:index/volume:Volume"],
        "loadBalancer.configWriter": ["docker:index/container:Container"],
    },
    aws: {
        "network.vpc": ["aws:ec2/vpc:Vpc"],
        "network.internetGateway": ["aws:ec2/internetGateway:InternetGateway"],
        "network.routeTable": ["aws:ec2/routeTable:RouteTable"],
        "network.subnet": ["aws:ec2/subnet:Subnet"],
        "network.routeTableAssociation": ["aws:ec2/routeTableAssociation:RouteTableAssociation"],
        "network.eip": ["aws:ec2/eip:Eip"],
        "network.natGateway": ["aws:ec2/natGateway:NatGateway"],
        "securityGroups.securityGroup": ["aws:ec2/securityGroup:SecurityGroup"],
        "securityGroups.securityGroupIngressRule": ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
        "securityGroups.securityGroupEgressRule": ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
        privateZone: ["aws:route53/zone:Zone"],
        "<role>.licenseServer.secret": ["aws:secretsmanager/secret:Secret"],
        "<role>.licenseServer.secretVersion": ["aws:secretsmanager/secretVersion:SecretVersion"],
        "<role>.licenseServer.role": ["aws:iam/role:Role"],
        "<role>.licenseServer.rolePolicyAttachment": ["aws:iam/rolePolicyAttachment:RolePolicyAttachment"],
        "<role>.licenseServer.rolePolicy": ["aws:iam/rolePolicy:RolePolicy"],
        "<role>.licenseServer.instanceProfile": ["aws:iam/instanceProfile:InstanceProfile"],
        "<role>.licenseServer.networkInterface": ["aws:ec2/networkInterface:NetworkInterface"],
        "<role>.licenseServer.dataVolume": ["aws:ebs/volume:Volume"],
        "<role>.licenseServer.lifecyclePolicy": ["aws:dlm/lifecyclePolicy:LifecyclePolicy"],
        "<role>.licenseServer.instance": ["aws:ec2/instance:Instance"],
        "<role>.licenseServer.volumeAttachment": ["aws:ec2/volumeAttachment:VolumeAttachment"],
        "<role>.licenseServer.record": ["aws:route53/record:Record"],
        "<role>.licenseServer.readinessGate": ["pulumi-nodejs:dynamic:LicenseServerReadinessGate"],
        "<role>.webAuthorService.secret": ["aws:secretsmanager/secret:Secret"],
        "<role>.webAuthorService.secretVersion": ["aws:secretsmanager/secretVersion:SecretVersion"],
        "<role>.webAuthorService.repository": ["aws:ecr/repository:Repository"],
        "<role>.webAuthorService.image": ["docker:index/image:Image"],
        "<role>.webAuthorService.fileSystem": ["aws:efs/fileSystem:FileSystem"],
        "<role>.webAuthorService.backupPolicy": ["aws:efs/backupPolicy:BackupPolicy"],
        "<role>.webAuthorService.mountTarget": ["aws:efs/mountTarget:MountTarget"],
        "<role>.webAuthorService.accessPoint": ["aws:efs/accessPoint:AccessPoint"],
        "<role>.webAuthorService.logGroup": ["aws:cloudwatch/logGroup:LogGroup"],
        "<role>.webAuthorService.role": ["aws:iam/role:Role"],
        "<role>.webAuthorService.rolePolicyAttachment": ["aws:iam/rolePolicyAttachment:RolePolicyAttachment"],
        "<role>.webAuthorService.rolePolicy": ["aws:iam/rolePolicy:RolePolicy"],
        "<role>.webAuthorService.cluster": ["aws:ecs/cluster:Cluster"],
        "<role>.webAuthorService.taskDefinition": ["aws:ecs/taskDefinition:TaskDefinition"],
        "<role>.webAuthorService.service": ["aws:ecs/service:Service"],
        "<role>.entrance.loadBalancer": ["aws:lb/loadBalancer:LoadBalancer"],
        "<role>.entrance.targetGroup": ["aws:lb/targetGroup:TargetGroup"],
        "<role>.entrance.listener": ["aws:lb/listener:Listener"],
        "<role>.entrance.listenerRule": ["aws:lb/listenerRule:ListenerRule"],
        "failover.healthCheck": ["aws:route53/healthCheck:HealthCheck"],
        "failover.record": ["aws:route53/record:Record"],
        "alarms.redundancyHealthCheck": ["aws:route53/healthCheck:HealthCheck"],
        "alarms.topic": ["aws:sns/topic:Topic"],
        "alarms.subscription": ["aws:sns/topicSubscription:TopicSubscription"],
        "alarms.alarm": ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    },
};

/** Slots whose children only some configs have (no shipped stack subscribes an e-mail address to the alarms). */
const OPTIONAL_SLOTS = new Set(["alarms.subscription"]);

const STACKS: Array<[string, "docker" | "aws", () => StackConfig]> = [
    ["local", "docker", localStack],
    ["threeHosts", "docker", threeHostStack],
    ["prod", "aws", prodStack],
    ["crossRegion", "aws", crossRegionAwsStack],
];

describe.each(STACKS)("every child of stack %s (%s) has a transform slot", (_, platform, stack) => {
    it("passes each child resource through exactly one slot, with its options", async () => {
        const calls: Call[] = [];
        const resources = await run(stack(), everySlot(calls));
        const children = childResources(resources);
        const slotsOf = (name: string) => calls.filter((call) => call.name === name);
        expect(children.filter((r) => slotsOf(r.name).length !== 1).map((r) => `${r.type} ${r.name}: ${slotsOf(r.name).length} slots`)).toEqual([]);
        expect(calls.filter((call) => !call.hasOptions)).toEqual([]);
        // Each slot serves one resource type, and the slots are the documented ones.
        const served = new Map<string, Set<string>>();
        for (const r of children) {
            const slot = (slotsOf(r.name)[0] as Call).slot.replace(/^(production|redundancy)\./, "<role>.");
            served.set(slot, (served.get(slot) ?? new Set()).add(r.type));
        }
        const documented = SLOTS[platform] as Record<string, string[]>;
        for (const [slot, types] of served) expect([slot, [...types]]).toEqual([slot, documented[slot]]);
        if (stack === localStack || stack === prodStack)
            expect([...served.keys()].sort()).toEqual(
                Object.keys(documented)
                    .filter((slot) => !OPTIONAL_SLOTS.has(slot) || served.has(slot))
                    .sort(),
            );
    });
});

describe("a transform with options", () => {
    it("on Docker: reaches one child of one environment, merges its args and sets an option", async () => {
        const resources = await run(localStack(), {
            production: { webAuthor: { container: () => ({ args: { restart: "always" }, opts: { protect: true, ignoreChanges: ["envs"] } }) } },
        });
        const changed = resources.filter((r) => r.protect);
        expect(changed.map((r) => r.name)).toEqual(["webauthor-production-web-author-container"]);
        expect(changed[0]?.inputs.restart).toBe("always");
        expect(changed[0]?.ignoreChanges).toEqual(["envs"]);
        const other = resources.find((r) => r.name === "webauthor-redundancy-web-author-container") as RecordedResource;
        expect([other.inputs.restart, other.ignoreChanges]).toEqual(["unless-stopped", []]);
    });

    it("on AWS: edits the options in place, and what it adds joins the child's own aliases and ignoreChanges", async () => {
        const resources = await run(prodStack(), {
            production: {
                webAuthorService: {
                    service: (_args, opts) => {
                        opts.protect = true;
                    },
                },
                entrance: { loadBalancer: () => ({ opts: { ignoreChanges: ["tags"], aliases: [{ name: "my-old-alb" }] } }) },
            },
        });
        expect(resources.filter((r) => r.protect).map((r) => r.name)).toEqual(["webauthor-production-web-author-service"]);
        const alb = resources.find((r) => r.name === "webauthor-production-web-author-alb") as RecordedResource;
        expect(alb.ignoreChanges).toEqual(["name", "namePrefix", "tags"]);
        // (The SDK's class adds its own alias from the provider's old module name; only this type's count here.)
        const sameType = alb.aliases.filter((urn) => urn.includes("$aws:lb/loadBalancer:LoadBalancer::"));
        expect(sameType.map((urn) => urn.slice(urn.lastIndexOf("::") + 2))).toEqual(["webauthor-prod-alb", "my-old-alb"]);
        const service = resources.find((r) => r.name === "webauthor-production-web-author-service") as RecordedResource;
        expect(service.inputs.waitForSteadyState).toBe(true);
        const redundancyAlb = resources.find((r) => r.name === "webauthor-redundancy-web-author-alb") as RecordedResource;
        expect(redundancyAlb.ignoreChanges).toEqual(["name", "namePrefix"]);
    });

    it("keeps a transform's dependencies beside the child's own", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { mergeOptions } = await import("../../components/platforms/shared/transform");
        const { resources } = await runProgram(() => {
            const a = new pulumi.ComponentResource("test:index:A", "a");
            const b = new pulumi.ComponentResource("test:index:B", "b");
            const merged = mergeOptions({ dependsOn: [a], aliases: [{ name: "x" }] }, { dependsOn: b, protect: true });
            expect(merged).toEqual({ dependsOn: [a, b], aliases: [{ name: "x" }], protect: true });
        });
        expect(resources).toHaveLength(2);
    });
});
