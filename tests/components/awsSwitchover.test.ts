/** On AWS, `loadBalancer.production` forces the Route 53 failover: production's health check disabled and inverted. */
import { deployStack } from "../../stacks/program";
import { runProgram, unwrapSecrets } from "../helpers/pulumiMocks";
import { asPulumiConfig, AWS_INVOKES, awsSampleValues } from "../helpers/sampleConfig";

async function healthCheckWith(production: string | undefined) {
    const values = awsSampleValues();
    const loadBalancer = { ...(values.loadBalancer as Record<string, unknown>), ...(production === undefined ? {} : { production }) };
    const { config, secretKeys } = asPulumiConfig({ ...values, loadBalancer });
    const { resources } = await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES);
    const checks = resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.name.endsWith("-production-health"));
    expect(checks).toHaveLength(1);
    return unwrapSecrets(checks[0]!.inputs) as Record<string, unknown>;
}

describe("planned switchover on AWS", () => {
    it("leaves production's health check enabled and upright while production is ready", async () => {
        const check = await healthCheckWith(undefined);
        expect(check.disabled).toBe(false);
        expect(check.invertHealthcheck).toBe(false);
    });

    it.each(["drain", "maintenance"])("%s: disables and inverts the check, so Route 53 answers with redundancy", async (state) => {
        const check = await healthCheckWith(state);
        expect(check.disabled).toBe(true);
        expect(check.invertHealthcheck).toBe(true);
    });
});
