import { DOCKER_HAPROXY, haproxyInputFor, LAST_RESORT_SERVER, parseDeploymentConfig, planTopology, renderHaproxyConfig } from "../../components";
import { SECRETS } from "../helpers/sampleConfig";

function configWith(loadBalancer: Record<string, unknown>) {
    return parseDeploymentConfig({
        values: { ...SECRETS, licenseServer: { mode: "container", warUrl: "https://downloads.example.com/x.war" }, loadBalancer },
        secretKeys: new Set(Object.keys(SECRETS)),
    });
}

const rendered = (production?: string) => {
    const config = configWith(production === undefined ? {} : { production });
    return renderHaproxyConfig(haproxyInputFor(config, planTopology(config, "webauthor"), DOCKER_HAPROXY));
};

describe("loadBalancer.production (planned switchover)", () => {
    it("defaults to ready, whose configuration has no last resort and production at full weight", () => {
        expect(configWith({}).loadBalancer.production).toBe("ready");
        const text = rendered();
        expect(text).not.toContain(LAST_RESORT_SERVER);
        expect(text).toMatch(/^ {4}server production \S+ cookie production resolvers/m);
    });

    it("drains production with weight 0 and adds the last resort", () => {
        const text = rendered("drain");
        expect(text).toMatch(/^ {4}server production \S+ cookie production weight 0 resolvers/m);
        // Production again, as the second backup: after redundancy, with a cookie of its own.
        expect(text).toMatch(
            /^ {4}server redundancy \S+ cookie redundancy backup resolvers.*\n {4}server production_last_resort webauthor-production-web-author:8080 cookie production_last_resort backup resolvers/m,
        );
    });

    it("puts production in maintenance with `disabled`", () => {
        expect(rendered("maintenance")).toMatch(/^ {4}server production \S+ cookie production disabled resolvers/m);
    });

    it("rejects any other value with a message that names the three", () => {
        expect(() => configWith({ production: "off" })).toThrow(/loadBalancer\.production.*must be `ready`.*`drain`.*`maintenance`/s);
    });
});
