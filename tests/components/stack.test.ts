import { deployStack } from "../../stacks/program";
import { HAPROXY_PATHS, renderProductionVerdictLua } from "../../components";
import { LOAD_BALANCER_SCRIPT_PATHS } from "../../components/platforms/docker/loadBalancerReload";
import { promiseOf, RecordedResource, runProgram, unwrapSecrets, visitStrings } from "../helpers/pulumiMocks";
import { secretsUsedOnlyAsSecrets } from "../helpers/secretChecks";
import { asPulumiConfig, NS, SECRETS, sampleValues, TLS_PEM } from "../helpers/sampleConfig";
import { stackFileConfig } from "../helpers/stackFile";

async function deploy(values: Record<string, unknown> = sampleValues(), secretKeys?: string[]) {
    const { config, secretKeys: keys } = asPulumiConfig(values, secretKeys);
    return runProgram(() => deployStack(), config, keys);
}

const byName = (resources: RecordedResource[], name: string) => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}; have: ${resources.map((r) => r.name).join(", ")}`);
    return found;
};

const envsOf = (resource: RecordedResource): Record<string, string> =>
    Object.fromEntries(
        ((unwrapSecrets(resource.inputs) as { envs?: string[] }).envs ?? []).map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)]),
    );

const uploadsOf = (resource: RecordedResource): Record<string, string> =>
    Object.fromEntries(
        ((unwrapSecrets(resource.inputs) as { uploads?: Array<{ file: string; content: string }> }).uploads ?? []).map((u) => [u.file, u.content]),
    );

/** The load balancer's rendered files, by their path in the HAProxy container, from the config writer's uploads. */
const loadBalancerFilesOf = (resources: RecordedResource[]): Record<string, string> => {
    const uploads = uploadsOf(byName(resources, "webauthor-load-balancer-config-writer"));
    const live = `${HAPROXY_PATHS.live}/current`;
    return Object.fromEntries(
        Object.entries(uploads)
            .filter(([file]) => file.startsWith(`${LOAD_BALANCER_SCRIPT_PATHS.staging}/`))
            .map(([file, content]) => [`${live}/${file.slice(LOAD_BALANCER_SCRIPT_PATHS.staging.length + 1)}`, content]),
    );
};

describe("the stack program under Pulumi's mocks", () => {
    let resources: RecordedResource[];

    beforeAll(async () => {
        resources = (await deploy()).resources;
    });

    it("registers the component tree with the expected types, one child set per part", () => {
        const types = resources.map((r) => `${r.type} ${r.name}`).sort();
        expect(types).toEqual(
            [
                // One provider per Docker host: all three parts share the local engine.
                "pulumi:providers:docker production-docker",
                "oxygen-webauthor-ha:index:RedundantWebAuthor webauthor",
                "docker:index/network:Network webauthor-network",
                "oxygen-webauthor-ha:index:Environment webauthor-production",
                "oxygen-webauthor-ha:index:Environment webauthor-redundancy",
                ...["production", "redundancy"].flatMap((role) => [
                    `oxygen-webauthor-ha:index:LicenseServer webauthor-${role}-license-server`,
                    `docker:index/volume:Volume webauthor-${role}-license-server-work`,
                    `docker:index/remoteImage:RemoteImage webauthor-${role}-license-server-image`,
                    `docker:index/container:Container webauthor-${role}-license-server-container`,
                    `oxygen-webauthor-ha:index:WebAuthor webauthor-${role}-web-author`,
                    `docker:index/volume:Volume webauthor-${role}-web-author-data`,
                    `docker:index/remoteImage:RemoteImage webauthor-${role}-web-author-image`,
                    `docker:index/container:Container webauthor-${role}-web-author-container`,
                ]),
                "oxygen-webauthor-ha:index:FailoverLoadBalancer webauthor-load-balancer",
                "docker:index/remoteImage:RemoteImage webauthor-load-balancer-image",
                "docker:index/container:Container webauthor-load-balancer-container",
                "docker:index/volume:Volume webauthor-load-balancer-config",
                "docker:index/container:Container webauthor-load-balancer-config-writer",
            ].sort(),
        );
        // Child names carry their component's name as prefix.
        for (const r of resources.filter((r) => r.type.startsWith("docker:index"))) {
            expect(r.name.startsWith("webauthor-")).toBe(true);
        }
    });

    it("parents every child on its component", () => {
        const parentOf = (name: string) => byName(resources, name).parent;
        expect(parentOf("webauthor")).toBe("");
        expect(parentOf("webauthor-network")).toBe("webauthor");
        expect(parentOf("webauthor-load-balancer")).toBe("webauthor");
        expect(parentOf("webauthor-load-balancer-container")).toBe("webauthor-load-balancer");
        for (const role of ["production", "redundancy"]) {
            expect(parentOf(`webauthor-${role}`)).toBe("webauthor");
            for (const child of ["license-server", "web-author"]) {
                expect(parentOf(`webauthor-${role}-${child}`)).toBe(`webauthor-${role}`);
            }
            for (const leaf of ["license-server-work", "license-server-image", "license-server-container"]) {
                expect(parentOf(`webauthor-${role}-${leaf}`)).toBe(`webauthor-${role}-license-server`);
            }
            for (const leaf of ["web-author-data", "web-author-image", "web-author-container"]) {
                expect(parentOf(`webauthor-${role}-${leaf}`)).toBe(`webauthor-${role}-web-author`);
            }
        }
    });

    it("gives both Web Authors production's license server as main and redundancy's as backup", () => {
        for (const role of ["production", "redundancy"]) {
            const env = envsOf(byName(resources, `webauthor-${role}-web-author-container`));
            expect(env.LICENSE_SERVER_URL).toBe("http://webauthor-production-license-server:8080/oXygenLicenseServlet/license-servlet");
            expect(env.BACKUP_LICENSE_SERVER_URL).toBe("http://webauthor-redundancy-license-server:8080/oXygenLicenseServlet/license-servlet");
            expect(env.LICENSE_SERVER_USER).toBe("webauthor");
            expect(env.BACKUP_LICENSE_SERVER_USER).toBe("webauthor");
        }
    });

    it("puts the production key only on the production license server and the redundancy key only on redundancy's", () => {
        const holders = (secret: string) => resources.filter((r) => JSON.stringify(unwrapSecrets(r.inputs)).includes(secret)).map((r) => r.name);
        expect(holders(SECRETS.productionLicenseKey)).toEqual(["webauthor-production-license-server-container"]);
        expect(holders(SECRETS.redundancyLicenseKey)).toEqual(["webauthor-redundancy-license-server-container"]);
        expect(uploadsOf(byName(resources, "webauthor-production-license-server-container"))["/run/secrets/oxygen-license-key"]).toBe(
            SECRETS.productionLicenseKey,
        );
        expect(uploadsOf(byName(resources, "webauthor-redundancy-license-server-container"))["/run/secrets/oxygen-license-key"]).toBe(
            SECRETS.redundancyLicenseKey,
        );
    });

    it("keeps every secret out of plain inputs, and passes each one as a secret where it is used", () => {
        expect(secretsUsedOnlyAsSecrets(resources, SECRETS)).toEqual(Object.keys(SECRETS).sort());
        for (const r of resources) {
            // No secret in any container's environment, even wrapped: secrets go in files.
            expect(JSON.stringify(envsOf(r))).not.toMatch(
                new RegExp(
                    Object.values(SECRETS)
                        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
                        .join("|"),
                ),
            );
        }
    });

    it("renders HAProxy with production active and redundancy as backup", () => {
        const cfg = loadBalancerFilesOf(resources)[HAPROXY_PATHS.config] as string;
        const serversOf = (backend: string) => {
            const section = cfg.split(/\n(?=\S)/).find((block) => block.startsWith(`backend ${backend}\n`)) ?? "";
            return section.split("\n").filter((line) => line.trim().startsWith("server "));
        };
        const servers = serversOf("web_authors");
        expect(servers).toHaveLength(2);
        expect(servers[0]).toMatch(/^\s*server production webauthor-production-web-author:8080 cookie production resolvers dns/);
        expect(servers[0]).not.toMatch(/\bbackup\b/);
        expect(servers[1]).toMatch(/^\s*server redundancy webauthor-redundancy-web-author:8080 cookie redundancy backup\b/);
        // The Lua file the config loads is uploaded where the config looks for it, as rendered.
        const uploads = loadBalancerFilesOf(resources);
        expect(cfg).toContain(`\n    lua-load ${HAPROXY_PATHS.productionVerdict}\n`);
        expect(uploads[HAPROXY_PATHS.productionVerdict]).toBe(renderProductionVerdictLua());
    });

    it("retains every piece of state on delete and waits for Web Author to be healthy", () => {
        // The load balancer's config volume holds nothing the writer cannot publish again: not retained.
        const volumes = resources.filter((r) => r.type === "docker:index/volume:Volume" && r.name !== "webauthor-load-balancer-config");
        expect(volumes.map((v) => v.retainOnDelete)).toEqual([true, true, true, true]);
        expect(resources.filter((r) => r.retainOnDelete).map((r) => r.type)).toEqual(volumes.map(() => "docker:index/volume:Volume"));
        expect(volumes.map((v) => v.inputs.name).sort()).toEqual([
            "webauthor-production-license-server-work",
            "webauthor-production-web-author-data",
            "webauthor-redundancy-license-server-work",
            "webauthor-redundancy-web-author-data",
        ]);
        for (const role of ["production", "redundancy"]) {
            const container = byName(resources, `webauthor-${role}-web-author-container`).inputs as Record<string, any>;
            expect(container.wait).toBe(true);
            expect(container.waitTimeout).toBe(600);
            // Healthy once the status path answered twice, a few seconds apart (contract/rollingOrder.ts).
            const status = "http://127.0.0.1:8080/oxygen-xml-web-author/rest-public/status";
            expect(container.healthcheck.tests).toEqual(["CMD-SHELL", `curl -fsS -o /dev/null ${status} && sleep 4 && curl -fsS -o /dev/null ${status}`]);
            expect(container.volumes[0].containerPath).toBe("/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author");
        }
    });

    it("publishes the license servers' pages on loopback only", () => {
        for (const role of ["production", "redundancy"]) {
            const ports = (byName(resources, `webauthor-${role}-license-server-container`).inputs as any).ports;
            expect(ports).toEqual([{ internal: 8080, external: role === "production" ? 18080 : 18081, ip: "127.0.0.1" }]);
        }
    });

    it("publishes no Web Author on the load balancer's host: the load balancer (Admin guard, TLS) is the only way in", () => {
        for (const role of ["production", "redundancy"]) {
            expect((byName(resources, `webauthor-${role}-web-author-container`).inputs as any).ports).toEqual([]);
        }
    });
});

describe("per-part Docker hosts", () => {
    it("places each part with its own provider and wires the hosts through published ports", async () => {
        const values = {
            ...sampleValues(),
            production: { dockerHost: "ssh://deploy@prod-host", address: "10.0.0.10", webAuthorHostPort: 18090, webAuthorPublishAddress: "10.0.0.10" },
            redundancy: { dockerHost: "ssh://deploy@red-host", address: "10.0.0.20", webAuthorHostPort: 18091, webAuthorPublishAddress: "10.0.0.20" },
            licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war", publishAddress: "0.0.0.0" },
            loadBalancer: { dockerHost: "ssh://deploy@lb-host", httpPort: 80 },
        };
        const run = await deploy(values);
        const providerOf = (name: string) => byName(run.resources, name).provider;
        expect(providerOf("webauthor-production-web-author-container")).toMatch(/::production-docker::/);
        expect(providerOf("webauthor-production-license-server-container")).toMatch(/::production-docker::/);
        expect(providerOf("webauthor-redundancy-web-author-container")).toMatch(/::redundancy-docker::/);
        expect(providerOf("webauthor-load-balancer-container")).toMatch(/::load-balancer-docker::/);
        expect(byName(run.resources, "production-docker").inputs.host).toBe("ssh://deploy@prod-host");
        // Across hosts, Web Authors reach license servers and HAProxy reaches Web Authors through published ports.
        const env = envsOf(byName(run.resources, "webauthor-redundancy-web-author-container"));
        expect(env.LICENSE_SERVER_URL).toBe("http://10.0.0.10:18080/oXygenLicenseServlet/license-servlet");
        // ...while its own environment's license server, on the same host, is reached by container name.
        expect(env.BACKUP_LICENSE_SERVER_URL).toBe("http://webauthor-redundancy-license-server:8080/oXygenLicenseServlet/license-servlet");
        const cfg = loadBalancerFilesOf(run.resources)[HAPROXY_PATHS.config] as string;
        // Each Web Author is published for the remote load balancer on the interface the config names, nowhere else.
        for (const [role, port, ip] of [
            ["production", 18090, "10.0.0.10"],
            ["redundancy", 18091, "10.0.0.20"],
        ] as const) {
            expect((byName(run.resources, `webauthor-${role}-web-author-container`).inputs as any).ports).toEqual([{ internal: 8080, external: port, ip }]);
        }
        expect(cfg).toContain("server production 10.0.0.10:18090 cookie production");
        expect(cfg).toContain("server redundancy 10.0.0.20:18091 cookie redundancy backup");
        expect(run.resources.filter((r) => r.type === "docker:index/network:Network")).toHaveLength(3);
    });
});

describe("outputs", () => {
    it("reports URLs, the main/backup order and activation pages, with no secret among them", async () => {
        const run = await deploy({ ...sampleValues(), tlsCertificate: TLS_PEM }, [...Object.keys(SECRETS), "tlsCertificate"]);
        const deployment = run.result;
        expect(await promiseOf(deployment.publicUrl)).toBe("https://localhost/oxygen-xml-web-author/app/oxygen.html");
        expect(await promiseOf(deployment.licensing)).toEqual({
            main: "production",
            backup: "redundancy",
            mainUrl: "http://webauthor-production-license-server:8080/oXygenLicenseServlet/license-servlet",
            backupUrl: "http://webauthor-redundancy-license-server:8080/oXygenLicenseServlet/license-servlet",
        });
        const envs = await promiseOf(deployment.environmentOutputs);
        expect(envs.production.activationUrl).toBe("http://127.0.0.1:18080/oXygenLicenseServlet/");
        // Nothing is published on the load balancer's own host: the Web Author's URL is its Docker-network one.
        expect(envs.redundancy.webAuthorUrl).toBe("http://webauthor-redundancy-web-author:8080/oxygen-xml-web-author/app/oxygen.html");
        const all = JSON.stringify({ envs, publicUrl: await promiseOf(deployment.publicUrl), admin: await promiseOf(deployment.adminUrl) });
        for (const secret of [...Object.values(SECRETS), TLS_PEM]) expect(all).not.toContain(secret);
        // With TLS, the certificate reaches HAProxy as a secret file (through the config writer), and 443 is published.
        const lb = byName(run.resources, "webauthor-load-balancer-container");
        expect(JSON.stringify(lb.inputs.ports)).toContain('"external":443');
        let certificateWrapped = false;
        visitStrings(byName(run.resources, "webauthor-load-balancer-config-writer").inputs, (text, insideSecret) => {
            if (text === TLS_PEM) certificateWrapped = insideSecret;
        });
        expect(certificateWrapped).toBe(true);
    });
});

describe("quiet previews", () => {
    it("registers identical resources with identical inputs when run twice with the same config", async () => {
        const strip = (rs: RecordedResource[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, provider: r.provider }));
        const first = strip((await deploy()).resources);
        const second = strip((await deploy()).resources);
        expect(second).toEqual(first);
        expect(first.length).toBeGreaterThan(10);
    });
});

export { NS };

describe("Pulumi.local.yaml", () => {
    it("with the quickstart's WAR URL and secrets set, is a valid Docker configuration for the local stack", async () => {
        const { config, secretKeys } = stackFileConfig("local");
        const licenseServer = JSON.parse(config[`${NS}:licenseServer`] as string);
        config[`${NS}:licenseServer`] = JSON.stringify({ ...licenseServer, warUrl: "https://downloads.example.com/oXygenLicenseServlet.war" });
        const run = await runProgram(() => deployStack(), config, secretKeys);
        expect(await promiseOf(run.result.publicUrl)).toBe("http://localhost:8080/oxygen-xml-web-author/app/oxygen.html");
        // Two license servers, two Web Authors, HAProxy and its config writer.
        expect(run.resources.filter((r) => r.type === "docker:index/container:Container")).toHaveLength(6);
    });
});
