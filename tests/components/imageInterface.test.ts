/**
 * Both platforms render the Web Author image's interface from one module (components/images/webAuthor.ts): the
 * health check's start period follows `webAuthor.startTimeoutSeconds` on Docker and on ECS (capped at ECS's 300 s),
 * and the ECS service rolls back a deployment that never gets healthy.
 */
import { webAuthorHealthCheck, WEB_AUTHOR_SECRETS } from "../../components/images/webAuthor";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues, sampleValues } from "../helpers/sampleConfig";

async function registered(values: Record<string, unknown>): Promise<RecordedResource[]> {
    const { config, secretKeys } = asPulumiConfig(values);
    return (await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES)).resources;
}

const withStartTimeout = (values: Record<string, unknown>, seconds: number | undefined) =>
    seconds === undefined ? values : { ...values, webAuthor: { startTimeoutSeconds: seconds } };

function containerDefinition(resources: RecordedResource[], name: string) {
    const taskDefinition = resources.find((r) => r.name === name) as RecordedResource;
    const inputs = unwrapSecrets(taskDefinition.inputs) as { containerDefinitions: string };
    return (JSON.parse(inputs.containerDefinitions) as Array<Record<string, any>>)[0] as Record<string, any>;
}

describe("the Web Author health check's start period", () => {
    it.each([
        [undefined, "600s"],
        [240, "240s"],
    ])("on Docker follows webAuthor.startTimeoutSeconds (%s → %s)", async (seconds, startPeriod) => {
        const resources = await registered(withStartTimeout(sampleValues(), seconds));
        const containers = resources.filter((r) => r.type === "docker:index/container:Container" && r.name.endsWith("-web-author-container"));
        expect(containers).toHaveLength(2);
        for (const container of containers) {
            expect((container.inputs.healthcheck as Record<string, unknown>).startPeriod).toBe(startPeriod);
            expect(container.inputs.waitTimeout).toBe(seconds ?? 600);
        }
    });

    it.each([
        [undefined, 300],
        [240, 240],
    ])("on ECS follows webAuthor.startTimeoutSeconds, capped at 300 s (%s → %s)", async (seconds, startPeriod) => {
        const resources = await registered(withStartTimeout(awsSampleValues(), seconds));
        for (const role of ["production", "redundancy"]) {
            expect(containerDefinition(resources, `webauthor-${role}-web-author-task-definition`).healthCheck.startPeriod).toBe(startPeriod);
            const service = resources.find((r) => r.name === `webauthor-${role}-web-author-service`) as RecordedResource;
            expect(service.inputs.healthCheckGracePeriodSeconds).toBe(seconds ?? 600);
        }
    });

    it("is one function for both platforms", () => {
        expect(webAuthorHealthCheck(600)).toMatchObject({ startPeriodSeconds: 600, intervalSeconds: 15, timeoutSeconds: 5, retries: 3 });
        expect(webAuthorHealthCheck(600, 300).startPeriodSeconds).toBe(300);
    });
});

describe("the ECS service", () => {
    it("has the deployment circuit breaker on, with rollback, and the image's secrets from Secrets Manager", async () => {
        const resources = await registered(awsSampleValues());
        const services = resources.filter((r) => r.type === "aws:ecs/service:Service");
        expect(services).toHaveLength(2);
        for (const service of services) expect(service.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
        const secrets = containerDefinition(resources, "webauthor-production-web-author-task-definition").secrets as Array<{ name: string }>;
        expect(secrets.map((s) => s.name)).toEqual(WEB_AUTHOR_SECRETS.map((s) => s.variable));
    });
});
