/**
 * How long the prod stack program takes to evaluate under Pulumi's mocks, and what it registers: runs
 * `stacks/program.ts` with `Pulumi.prod.yaml` (plus stand-in secrets) several times and prints the median time and
 * the resources by type. The mocks stand in for the engine and the AWS provider, so this measures our program and
 * the SDK, not AWS. Usage: `npm run bench:evaluate [-- runs]` (default 7 runs).
 */
import { deployStack } from "../stacks/program";
import { runProgram, RecordedResource } from "../tests/helpers/pulumiMocks";
import { AWS_INVOKES } from "../tests/helpers/sampleConfig";
import { stackFileConfig } from "../tests/helpers/stackFile";

async function main(): Promise<void> {
    const runs = Number(process.argv[2] ?? 7);
    const times: number[] = [];
    let resources: RecordedResource[] = [];
    for (let run = 0; run < runs; run++) {
        const { config, secretKeys } = stackFileConfig("prod");
        const started = process.hrtime.bigint();
        resources = (await runProgram(() => deployStack(), config, secretKeys, [], AWS_INVOKES)).resources;
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    console.log(
        `prod stack under mocks: ${runs} runs, median ${median.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted[sorted.length - 1]?.toFixed(0)}); first run includes loading the SDK modules`,
    );
    const byType = new Map<string, number>();
    for (const r of resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    console.log(`${resources.length} resources (${resources.filter((r) => !r.custom).length} of them components):`);
    console.log("| type | count |\n|---|---|");
    for (const [type, count] of [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`| \`${type}\` | ${count} |`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
