/**
 * A test-only platform: it runs each part as one stand-in resource (`fake:index:Process`), so the neutral components
 * can be deployed under the mocks on a third platform. It touches no file outside this folder: its types join the
 * registry by declaration merging, and the test registers it with `registerPlatform`.
 */
import * as pulumi from "@pulumi/pulumi";
import { planTopology, Role } from "../../../components";
import type { DockerDeploymentConfig } from "../../../components";
import type { PlatformImplementation } from "../../../components";

/** The fake platform's config: Docker's fields, under `platform: fake`. */
export type FakeConfig = Omit<DockerDeploymentConfig, "platform"> & { readonly platform: "fake" };

/** A stand-in for whatever would run a part. */
export class FakeProcess extends pulumi.CustomResource {
    constructor(name: string, args: { readonly role: string; readonly command: string }, opts?: pulumi.CustomResourceOptions) {
        super("fake:index:Process", name, args, opts);
    }
}

export interface FakePlatformTypes {
    readonly config: FakeConfig;
    readonly shared: { readonly network: FakeProcess };
    readonly licenseServer: { readonly process: FakeProcess };
    readonly webAuthor: { readonly process: FakeProcess };
    readonly loadBalancer: { readonly process: FakeProcess; readonly upstreams: Readonly<Record<Role, FakeProcess>> };
    readonly environmentOutputs: { readonly processName: string };
    readonly outputs: { readonly fake: true };
    readonly transforms: Record<string, never>;
}

declare module "../../../components" {
    interface PlatformTypeMap {
        fake: FakePlatformTypes;
    }
}

export const fakePlatform: PlatformImplementation<FakePlatformTypes> = {
    maxComponentNameLength: { length: 20, why: () => "the fake platform says so" },
    ownsProvider: () => false,
    argumentIssues: () => [],
    plan(config, name) {
        // The contract plans the topology from Docker's fields; the fake runs it its own way.
        const dockerShaped: DockerDeploymentConfig = { ...config, platform: "docker" };
        const topology = planTopology(dockerShaped, name);
        const process = (parent: pulumi.Resource, childName: string, role: string, command: string, waitFor: readonly pulumi.Resource[] = []) =>
            new FakeProcess(childName, { role, command }, { parent, dependsOn: [...waitFor] });
        return {
            topology,
            shared: (parent) => ({ network: process(parent, `${name}-network`, "shared", "network") }),
            environment: (role) => ({
                licenseServer: {
                    activationUrl: topology.environments[role].licenseServer.activationUrl,
                    url: topology.environments[role].licenseServer.url,
                    build: (parent, childName, waitFor) => ({ process: process(parent, `${childName}-process`, role, "license-server", waitFor) }),
                    outputs: () => ({}),
                    healthy: (children) => children.process,
                },
                webAuthor: {
                    build: (parent, childName, waitFor) => ({
                        process: process(
                            parent,
                            `${childName}-process`,
                            role,
                            `web-author --main ${topology.environments[role].webAuthor.licensing.mainUrl}`,
                            waitFor,
                        ),
                    }),
                    outputs: () => ({}),
                    healthy: (children) => children.process,
                    url: () => topology.environments[role].webAuthor.internalUrl,
                },
            }),
            loadBalancer: (_shared, environments) => ({
                suffix: "load-balancer",
                build: (parent, childName) => ({
                    process: process(parent, `${childName}-process`, "loadBalancer", "failover --active production --backup redundancy"),
                    upstreams: { production: environments.production.webAuthor.process, redundancy: environments.redundancy.webAuthor.process },
                }),
                outputs: () => ({}),
            }),
            environmentOutputs: (_role, children) => children.webAuthor.process.urn.apply((urn) => ({ processName: urn.split("::").pop() ?? "" })),
            outputs: () => ({ fake: true }),
        };
    },
};
