/** The policy pack keeps its own copy of the images' interface (it runs without the components): it must not drift. */
import { WEB_AUTHOR_STATUS_PATH } from "../../components";
import { LICENSE_SERVER_PATHS } from "../../components/images/licenseServer";
import { WEB_AUTHOR_PATHS } from "../../components/images/webAuthor";
import * as model from "../../policy/model";
import { haproxyBackends } from "../../policy/policies/haproxy";

it("uses the components' status path, state directories and component types", () => {
    expect(model.WEB_AUTHOR_STATUS_PATH).toBe(WEB_AUTHOR_STATUS_PATH);
    expect(model.WEB_AUTHOR_DATA_DIR).toBe(WEB_AUTHOR_PATHS.dataDir);
    expect(model.LICENSE_SERVER_WORK_DIR).toBe(LICENSE_SERVER_PATHS.workDir);
});

it("reads HAProxy server lines with default-server options and IPv6 addresses", () => {
    const [backend] = haproxyBackends(
        ["backend web_authors", "    default-server check inter 1s", "    server a [fd00::1]:8080 cookie a", "    server b b:8080 backup no-check", ""].join(
            "\n",
        ),
    );
    expect(backend?.servers).toEqual([
        { name: "a", host: "fd00::1", port: 8080, backup: false, check: true },
        { name: "b", host: "b", port: 8080, backup: true, check: false },
    ]);
});

it("finds roles through the Environment ancestor and parts through the URN's type chain", () => {
    const env = { type: model.COMPONENT.environment, name: "docs-redundancy", urn: "", props: {}, opts: { protect: false } };
    const container = {
        type: model.TYPES.dockerContainer,
        name: "c",
        urn: `urn:pulumi:s::p::${model.COMPONENT.deployment}$${model.COMPONENT.environment}$${model.COMPONENT.licenseServer}$${model.TYPES.dockerContainer}::c`,
        props: {},
        opts: { protect: false },
        parent: { type: model.COMPONENT.licenseServer, name: "l", urn: "", props: {}, opts: { protect: false }, parent: env },
    };
    expect(model.roleOf(container)).toBe("redundancy");
    expect(model.partOf(container)).toBe("licenseServer");
});
