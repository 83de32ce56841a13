/** AWS alarms under the mocks: on production's and redundancy's Route 53 checks, in us-east-1, notifying one topic. */
import type { AwsTransforms } from "../../components";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";

async function deploy(alarms?: Record<string, unknown>, transforms?: AwsTransforms) {
    const values = awsSampleValues();
    const aws = { ...(values.aws as Record<string, unknown>), ...(alarms === undefined ? {} : { alarms }) };
    const { config, secretKeys } = asPulumiConfig({ ...values, aws });
    const { resources } = await runProgram(() => deployStack(transforms), config, secretKeys, [], AWS_INVOKES);
    const byName = (name: string) => {
        const found = resources.find((r) => r.name === name);
        if (!found) throw new Error(`no ${name}`);
        return found;
    };
    const inputs = (name: string) => unwrapSecrets(byName(name).inputs) as Record<string, any>;
    return { resources, byName, inputs };
}

const providerName = (r: RecordedResource) => r.provider.split("::")[3];

describe("alarms on AWS", () => {
    it("watches production's check (failover) and a check of redundancy's ALB (standby), in us-east-1, with ALARM and OK actions", async () => {
        const { resources, byName, inputs } = await deploy();
        const usEast = resources.find((r) => r.type === "pulumi:providers:aws" && r.name === "alarms-aws");
        expect(usEast?.inputs.region).toBe("us-east-1");

        const topic = byName("webauthor-failover-alarms");
        expect(providerName(topic)).toBe("alarms-aws");
        const topicArn = "arn:aws:mock:eu-west-1:123456789012:sns/topic/webauthor-failover-alarms";
        for (const [alarm, check] of [
            ["webauthor-failover-active", "webauthor-failover-production-health-id"],
            ["webauthor-failover-standby-unhealthy", "webauthor-failover-redundancy-health-id"],
        ] as const) {
            const a = inputs(alarm);
            expect(providerName(byName(alarm))).toBe("alarms-aws");
            expect(a).toMatchObject({
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: check },
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                alarmActions: [topicArn],
                okActions: [topicArn],
            });
        }
        // The standby check asks redundancy's ALB what production's asks of production's; no record uses it.
        const standby = inputs("webauthor-failover-redundancy-health");
        const primary = inputs("webauthor-failover-production-health");
        expect(standby.fqdn).toBe("webauthor-redundancy-web-author-alb.eu-west-1.elb.amazonaws.com");
        for (const key of ["type", "port", "resourcePath", "requestInterval", "failureThreshold"]) expect(standby[key]).toEqual(primary[key]);
        expect(providerName(byName("webauthor-failover-redundancy-health"))).toBe("failover-aws");
        const records = resources.filter((r) => r.type === "aws:route53/record:Record").map((r) => JSON.stringify(r.inputs));
        expect(records.some((r) => r.includes("webauthor-failover-redundancy-health-id"))).toBe(false);
        expect(resources.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
    });

    it("subscribes each configured e-mail address to the topic", async () => {
        const names: string[] = [];
        const subscription = (_args: unknown, _opts: unknown, name: string) => void names.push(name);
        const { resources } = await deploy({ emails: ["ops@example.com", "oncall@example.com"] }, { alarms: { subscription } });
        // Through their transform slot, named after the failover component.
        expect(names).toEqual(["webauthor-failover-alarms-email-0", "webauthor-failover-alarms-email-1"]);
        const subscriptions = resources.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription").map((r) => r.inputs);
        expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
            ["email", "ops@example.com"],
            ["email", "oncall@example.com"],
        ]);
    });

    it("refuses an e-mail address that is not one", async () => {
        await expect(deploy({ emails: ["not an address"] })).rejects.toThrow(/aws\.alarms\.emails/);
    });
});
