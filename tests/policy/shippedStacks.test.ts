/** Every policy finds nothing wrong on the stacks we ship and test: the contract holds as the components build it. */
import * as policies from "../../policy/policies";
import { messages, policyView, PolicyView, SHIPPED, StackName } from "./harness";

const STACK_POLICIES = {
    licenseMainAndBackup: policies.licenseMainAndBackup,
    licenseKeyOwnEnvironment: policies.licenseKeyOwnEnvironment,
    licenseSecretAccess: policies.licenseSecretAccess,
    failoverActiveBackup: policies.failoverActiveBackup,
    failoverHealthCheck: policies.failoverHealthCheck,
    licenseServerNotPublic: (resources: Parameters<typeof policies.licenseServerNotPublic>[0]) => policies.licenseServerNotPublic(resources),
    stateOnPersistentStorage: policies.stateOnPersistentStorage,
};
const RESOURCE_POLICIES = { noPlaintextSecrets: policies.noPlaintextSecrets, stateRetainedOnDelete: policies.stateRetainedOnDelete };

const views = new Map<StackName, PolicyView>();
beforeAll(async () => {
    for (const name of Object.keys(SHIPPED) as StackName[]) views.set(name, await policyView(name));
});

describe.each(Object.keys(SHIPPED) as StackName[])("the %s stack", (stack) => {
    it.each(Object.entries(STACK_POLICIES))("passes %s", (_name, policy) => {
        expect(messages(policy(views.get(stack)!.stack))).toEqual([]);
    });
    it.each(Object.entries(RESOURCE_POLICIES))("passes %s on every resource", (_name, policy) => {
        expect(messages(views.get(stack)!.each.flatMap((r) => policy(r)))).toEqual([]);
    });
    it("has stateful resources whose retention the policy can see (the tests pass retainOnDelete as the engine does not)", () => {
        const stateful = views.get(stack)!.each.filter(policies.holdsState);
        expect(stateful.length).toBeGreaterThanOrEqual(4);
        expect(stateful.every(policies.retentionVisible)).toBe(true);
    });
});
