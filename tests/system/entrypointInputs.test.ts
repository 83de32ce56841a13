/**
 * Both entrypoints with passwords that cross every escaping, each set as the user would (`licenseServerPassword` in
 * the local stack's config) and taken from the containers the program registers, then read back by Java's
 * `Properties.load` and the JDK's XML parser; and the Web Author entrypoint's refusal when an input is missing.
 * (Replaces tests/real/entrypoint.test.ts, which wrote the containers' inputs by hand.)
 */
import { TRICKY_PASSWORDS } from "../helpers/trickyPasswords";
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
    async function run(
        stackConfig = localStack(),
        containerName: string,
        edit: (env: Record<string, string>) => void = () => undefined,
        files: Record<string, string> = {},
    ) {
        const stack = await registeredStack(stackConfig);
        const spec = dockerContainerSpec(stack, dockerContainers(stack).get(containerName) as never);
        if (spec.image === undefined) throw new Error(`${containerName} runs a vendor image`);
        const root = prepareDockerContainer(spec, probeLauncher("/dev/null", "/dev/null"));
        roots.push(root);
        for (const [file, content] of Object.entries(files)) root.writeFile(file, content);
        const env = { ...spec.env };
        edit(env);
        const result = root.run(spec.image.entrypoint, env);
        return { root, status: result.status, output: `${result.stdout}${result.stderr}` };
    }

    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    const CONTROL = /[\x00-\x1f\x7f]/;
    /** What the config accepts: every tricky password but those with control characters, which it refuses. */
    const PASSWORDS = TRICKY_PASSWORDS.filter((p) => !CONTROL.test(p));

    it(`carries ${PASSWORDS.length} tricky passwords byte for byte into license.properties and tomcat-users.xml`, async () => {
        const webAuthor: string[] = [];
        const usersFiles: string[] = [];
        for (const password of PASSWORDS) {
            const wa = await run(localStackWithPassword(password), "webauthor-production-web-author");
            expect([password, wa.output, wa.status]).toEqual([password, "", 0]);
            webAuthor.push(wa.root.readFile("/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author/options/license.properties"));
            const ls = await run(localStackWithPassword(password), "webauthor-production-license-server");
            expect([password, ls.output, ls.status]).toEqual([password, "", 0]);
            usersFiles.push(ls.root.hostPath("/usr/local/tomcat/conf/tomcat-users.xml"));
        }
        const loaded = loadProperties(webAuthor);
        PASSWORDS.forEach((password, i) => {
            expect([password, loaded[i]?.["licensing.server.password"], loaded[i]?.["backup.licensing.server.password"]]).toEqual([
                password,
                password,
                password,
            ]);
        });
        const users = loadTomcatUsers(usersFiles);
        PASSWORDS.forEach((password, i) => expect([password, users[i]?.find((u) => u.roles === "user")?.password]).toEqual([password, password]));
    });

    it("never starts an entrypoint with a control character in a password: the program refuses it first", async () => {
        const refused = TRICKY_PASSWORDS.filter((p) => CONTROL.test(p));
        expect(refused.length).toBeGreaterThan(0);
        for (const password of refused) {
            await expect(registeredStack(localStackWithPassword(password))).rejects.toThrow(/licenseServerPassword: contains a control character/);
        }
    });

    it("refuses, in the license-server entrypoint, a password that tomcat-users.xml cannot hold (defence in depth)", async () => {
        // Set past the config's check, as a user's own image or a hand-edited secret file might.
        const ls = await run(
            localStack(),
            "webauthor-production-license-server",
            (env) => {
                env.LICENSE_SERVER_PASSWORD_FILE = "/run/secrets/form-feed";
            },
            { "/run/secrets/form-feed": "form\ffeed" },
        );
        expect([ls.status, ls.output]).toEqual([
            64,
            "license-server-entrypoint: a Tomcat user name or password contains a control character that tomcat-users.xml cannot hold\n",
        ]);
    });

    it.each(["BACKUP_LICENSE_SERVER_URL", "LICENSE_SERVER_PASSWORD_FILE"])(
        "the Web Author entrypoint refuses to start without %s, and writes nothing",
        async (name) => {
            const wa = await run(localStack(), "webauthor-production-web-author", (env) => delete env[name]);
            expect(wa.status).toBe(64);
            expect(wa.output).toMatch(new RegExp(`${name.replace(/_FILE$/, "")}.* (is not set|nor)`));
            expect(wa.root.exists("/usr/local/tomcat/work/Catalina/localhost/oxygen-xml-web-author/options/license.properties")).toBe(false);
        },
    );
});
