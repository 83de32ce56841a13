/**
 * The URN guard: an existing stack must preview with no replacement after a refactoring. The URNs the stack program
 * registered before the platform split (issue 9) are committed in tests/components/urns/<stack>.json; every one of
 * them must still be registered, or be claimed by the resource that replaced it through an alias (the engine finds
 * a resource's old state under its aliases, and a child's under its parent's aliases).
 *
 * Renames are committed too (tests/components/urns/renamed.json: per stack, old URN -> the URN that claims it): an
 * old URN that is no longer registered must be listed there and be claimed, through an alias, by exactly that
 * resource. The CHANGELOG names each one.
 *
 * `UPDATE_URNS=1 npx jest tests/components/urns.test.ts` rewrites the lists from the current code: only for a change
 * that is meant to add resources, never to hide a rename. `UPDATE_RENAMED=1` rewrites renamed.json: only with an
 * alias for each rename and a CHANGELOG entry.
 */
import fs from "node:fs";
import path from "node:path";
import { deployStack } from "../../stacks/program";
import { RecordedResource, runProgram, urnsClaimedBy } from "../helpers/pulumiMocks";
import { AWS_INVOKES } from "../helpers/sampleConfig";
import { crossRegionAwsStack, localStack, prodStack, StackConfig, threeHostStack } from "../system/configs";

const STACKS: Record<string, () => StackConfig> = { local: localStack, prod: prodStack, threeHosts: threeHostStack, crossRegion: crossRegionAwsStack };
const DIR = path.join(__dirname, "urns");
const RENAMED = JSON.parse(fs.readFileSync(path.join(DIR, "renamed.json"), "utf8")) as Record<string, Record<string, string>>;

async function registered(stack: StackConfig): Promise<RecordedResource[]> {
    return (await runProgram(() => deployStack(), stack.config, stack.secretKeys, [], AWS_INVOKES)).resources;
}

describe.each(Object.keys(STACKS))("stack %s", (stackName) => {
    const file = path.join(DIR, `${stackName}.json`);

    it("keeps every URN it had, or aliases it from the resource that replaced it", async () => {
        const resources = await registered((STACKS[stackName] as () => StackConfig)());
        const urns = resources.map((r) => r.urn).sort();
        expect(new Set(urns).size).toBe(urns.length);
        if (process.env.UPDATE_URNS === "1") fs.writeFileSync(file, `${JSON.stringify(urns, null, 4)}\n`);
        const before = JSON.parse(fs.readFileSync(file, "utf8")) as string[];
        const claimed = new Map<string, string>();
        for (const resource of resources) {
            for (const urn of urnsClaimedBy(resource, resources)) if (!claimed.has(urn)) claimed.set(urn, resource.urn);
        }
        const lost = before.filter((urn) => !claimed.has(urn));
        expect(lost).toEqual([]);
        // An old URN claimed by two new resources would make the engine pick one at random.
        const claimants = before.map((urn) => resources.filter((r) => urnsClaimedBy(r, resources).has(urn)).length);
        expect(claimants.every((count) => count === 1)).toBe(true);
    });

    it("renames exactly the URNs committed as renamed, each aliased by the resource that replaced it", async () => {
        const resources = await registered((STACKS[stackName] as () => StackConfig)());
        const now = new Set(resources.map((r) => r.urn));
        const before = JSON.parse(fs.readFileSync(file, "utf8")) as string[];
        const renamed = Object.fromEntries(
            before.filter((urn) => !now.has(urn)).map((urn) => [urn, resources.find((r) => r.aliases.includes(urn))?.urn ?? "(not aliased)"]),
        );
        if (process.env.UPDATE_RENAMED === "1") {
            RENAMED[stackName] = renamed;
            fs.writeFileSync(path.join(DIR, "renamed.json"), `${JSON.stringify(RENAMED, null, 4)}\n`);
        }
        expect(renamed).toEqual(RENAMED[stackName] ?? {});
    });
});

describe("the guard's reading of aliases", () => {
    it("sees an alias, and a child's old URN under its parent's alias, as the engine does", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { resources } = await runProgram(() => {
            const parent = new pulumi.ComponentResource("test:index:Parent", "new-parent", {}, { aliases: [{ name: "old-parent" }] });
            new pulumi.ComponentResource("test:index:Thing", "new-parent-thing", {}, { parent, aliases: [{ name: "thing" }] });
        });
        const thing = resources.find((r) => r.name === "new-parent-thing") as RecordedResource;
        const claimed = urnsClaimedBy(thing, resources);
        const urn = (chain: string, name: string) => `urn:pulumi:test::oxygen-webauthor-ha::${chain}::${name}`;
        expect(claimed).toEqual(
            new Set([
                urn("test:index:Parent$test:index:Thing", "new-parent-thing"),
                urn("test:index:Parent$test:index:Thing", "thing"),
                // The parent's old URN has the same type chain: only the names differ, which the URN does not hold.
            ]),
        );
        expect(thing.aliases).toEqual([urn("test:index:Parent$test:index:Thing", "thing")]);
    });
});
