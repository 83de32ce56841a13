/**
 * Both entrypoints with passwords that cross every escaping, each set as the user would (`licenseServerPassword` in
 * the local stack's config) and taken from the containers the program registers, then read back by Java's
 * `Properties.load` and the JDK's XML parser; and the Web Author entrypoint's refusal when an input is missing.
 * (Replaces tests/real/entrypoint.test.ts, which wrote the containers' inputs by hand.)
 */
import { TRICKY_PASSWORDS } from "../contract/licenseProperties.test";
import { describeNeeding } from "./harness/availability";
import type { ContainerRoot } from "./harness/containerRoot";
import { dockerContainers, dockerContainerSpec, prepareDockerContainer } from "./harness/dockerContainer";
import { probeLauncher } from "./harness/images";
import { loadProperties, loadTomcatUsers } from "./harness/parsers";
import { registeredStack } from "./harness/registered";
import { localStack, localStackWithPassword } from "./configs";

jest.setTimeout(180_000);

describeNeeding("containerRoots", "entrypoints, with inputs from the registered containers", () => {
    const roots: ContainerRoot[] = [];
    afterAll(() => roots.forEach((r) => r.remove()));

    /** Runs a registered container's entrypoint (Tomcat's launcher a probe); returns its root and result. */
    async function run(stackConfig = localStack(), containerName: string, edit: (env: Record<string, string>) => void = () => undefined) {
        const stack = await registeredStack(stackConfig);
        const spec = dockerContainerSpec(stack, dockerContainers(stack).get(containerName) as never);
        if (spec.image === undefined) throw new Error(`${containerName} runs a vendor image`);
        const root = prepareDockerContainer(spec, probeLauncher("/dev/null", "/dev/null"));
        roots.push(root);
        const env = { ...spec.env };
        edit(env);
        const result = root.run(spec.image.entrypoint, env);
        return { root, status: result.status, output: `${result.stdout}${result.stderr}` };
    }

    /** XML 1.0 cannot hold these characters at all; tab, newline and carriage return it can, as references. */
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    const NOT_IN_XML = /[\x01-\x08\x0b\x0c\x0e-\x1f]/;
    const PASSWORDS = [...TRICKY_PASSWORDS, "tab\tnewline\nreturn\r but no form feed"];

    it(`carries ${PASSWORDS.length} tricky passwords byte for byte into license.properties and tomcat-users.xml, or refuses what XML cannot hold`, async () => {
        const webAuthor: string[] = [];
        const usersFiles: string[] = [];
        const inXml = PASSWORDS.filter((p) => !NOT_IN_XML.test(p));
        for (const password of PASSWORDS) {
            const wa = await run(localStackWithPassword(password), "webauthor-production-web-author");
            expect([password, wa.output, wa.status]).toEqual([password, "", 0]);
            webAuthor.push(wa.root.readFile("/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author/options/license.properties"));
            const ls = await run(localStackWithPassword(password), "webauthor-production-license-server");
            if (NOT_IN_XML.test(password)) {
                // Refused at start, clearly and without the password, rather than a file Tomcat cannot parse.
                expect([password, ls.status, ls.output]).toEqual([password, 64, "license-server-entrypoint: a Tomcat user name or password contains a control character that tomcat-users.xml cannot hold\n"]);
            } else {
                expect([password, ls.output, ls.status]).toEqual([password, "", 0]);
                usersFiles.push(ls.root.hostPath("/usr/local/tomcat/conf/tomcat-users.xml"));
            }
        }
        const loaded = loadProperties(webAuthor);
        PASSWORDS.forEach((password, i) => {
            expect([password, loaded[i]?.["licensing.server.password"], loaded[i]?.["backup.licensing.server.password"]]).toEqual([password, password, password]);
        });
        const users = loadTomcatUsers(usersFiles);
        inXml.forEach((password, i) => expect([password, users[i]?.find((u) => u.roles === "user")?.password]).toEqual([password, password]));
    });

    it.each(["BACKUP_LICENSE_SERVER_URL", "LICENSE_SERVER_PASSWORD_FILE"])("the Web Author entrypoint refuses to start without %s, and writes nothing", async (name) => {
        const wa = await run(localStack(), "webauthor-production-web-author", (env) => delete env[name]);
        expect(wa.status).toBe(64);
        expect(wa.output).toMatch(new RegExp(`${name.replace(/_FILE$/, "")}.* (is not set|nor)`));
        expect(wa.root.exists("/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author/options/license.properties")).toBe(false);
    });
});
