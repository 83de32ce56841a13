/**
 * Every child's logical name starts with its parent's (SST's guard): in a stack's resource list a child is found
 * under its component, and two components never register children whose names could collide. Checked over every
 * resource the shipped stacks (local, prod), three Docker hosts and a cross-region AWS stack register.
 */
import { deployStack } from "../../stacks/program";
import { runProgram } from "../helpers/pulumiMocks";
import { AWS_INVOKES } from "../helpers/sampleConfig";
import { crossRegionAwsStack, localStack, prodStack, StackConfig, threeHostStack } from "../system/configs";

const STACKS: Record<string, () => StackConfig> = { local: localStack, prod: prodStack, threeHosts: threeHostStack, crossRegion: crossRegionAwsStack };

describe.each(Object.keys(STACKS))("stack %s", (stackName) => {
    it("names every child after its parent", async () => {
        const stack = (STACKS[stackName] as () => StackConfig)();
        const { resources } = await runProgram(() => deployStack(), stack.config, stack.secretKeys, [], AWS_INVOKES);
        const children = resources.filter((r) => r.parent !== "");
        expect(children.length).toBeGreaterThan(10);
        const strays = children.filter((r) => !r.name.startsWith(`${r.parent}-`)).map((r) => `${r.type} ${r.name} (parent ${r.parent})`);
        expect(strays).toEqual([]);
    });
});
