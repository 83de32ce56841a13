/**
 * A real Tomcat (Debian's `tomcat10-common`: the server without a system service, run from its CATALINA_HOME with a
 * private CATALINA_BASE in the group's temp dir) serving a stand-in `oxygen-xml-web-author` webapp of static files, so tests can ask
 * Tomcat itself how it maps a spelling of a path. `TOMCAT_HOME` overrides the CATALINA_HOME.
 * Also a raw HTTP/1.1 client: the test must send request targets byte for byte (backslashes, `;`, `%2e`), which
 * Node's own client would refuse or rewrite.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { WEB_AUTHOR_CONTEXT_PATH } from "../../components";
import { freePort, ProcessGroup, waitUntil } from "./haproxyHarness";

export const TOMCAT_HOME = process.env.TOMCAT_HOME ?? "/usr/share/tomcat10";

/** What each stand-in file answers: the Admin page's body is recognisable in any response. */
export const STAND_IN_BODIES = {
    admin: "STAND-IN-ADMIN-PAGE",
    editor: "STAND-IN-EDITOR",
    status: "STAND-IN-STATUS-OK",
    script: "STAND-IN-SCRIPT",
} as const;

/** Files of the stand-in webapp, relative to its root (the context path `/oxygen-xml-web-author`). */
const WEBAPP_FILES: Record<string, string> = {
    "app/admin.html": STAND_IN_BODIES.admin,
    "app/oxygen.html": STAND_IN_BODIES.editor,
    "rest-public/status": STAND_IN_BODIES.status,
    // A name with a space and a non-ASCII letter: ordinary paths that carry percent-encoding.
    "app/lib/file with space é.js": STAND_IN_BODIES.script,
};

const SERVER_XML = (port: number) => `<?xml version="1.0" encoding="UTF-8"?>
<!-- Loopback only, no shutdown port: the test stops the JVM by its PID. Connector defaults otherwise, as shipped. -->
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="${port}" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="5000"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
`;

/** Tomcat's DefaultServlet on `/`, as its distribution's conf/web.xml declares it: it serves the stand-in files. */
const DEFAULT_WEB_XML = `<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <servlet>
    <servlet-name>default</servlet-name>
    <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
    <load-on-startup>1</load-on-startup>
  </servlet>
  <servlet-mapping>
    <servlet-name>default</servlet-name>
    <url-pattern>/</url-pattern>
  </servlet-mapping>
</web-app>
`;

export class TomcatStandIn {
    private output = "";

    constructor(
        private readonly group: ProcessGroup,
        readonly port: number,
    ) {}

    static async start(group: ProcessGroup): Promise<TomcatStandIn> {
        const tomcat = new TomcatStandIn(group, await freePort());
        await tomcat.launch();
        return tomcat;
    }

    private async launch(): Promise<void> {
        const base = path.join(this.group.dir, "tomcat");
        for (const dir of ["conf", "logs", "temp", "work", "webapps"]) fs.mkdirSync(path.join(base, dir), { recursive: true });
        fs.writeFileSync(path.join(base, "conf", "server.xml"), SERVER_XML(this.port));
        fs.writeFileSync(path.join(base, "conf", "web.xml"), DEFAULT_WEB_XML);
        fs.writeFileSync(path.join(base, "conf", "logging.properties"), "handlers = java.util.logging.ConsoleHandler\n.level = WARNING\n");
        const webapp = path.join(base, "webapps", WEB_AUTHOR_CONTEXT_PATH.slice(1));
        for (const [file, body] of Object.entries(WEBAPP_FILES)) {
            fs.mkdirSync(path.dirname(path.join(webapp, file)), { recursive: true });
            fs.writeFileSync(path.join(webapp, file), body);
        }
        const bin = path.join(TOMCAT_HOME, "bin");
        // The JVM itself (not catalina.sh), so the PID the group tracks is Tomcat's and a kill stops it.
        const child = spawn(
            "java",
            [
                `-Djava.util.logging.config.file=${path.join(base, "conf", "logging.properties")}`,
                `-Dcatalina.base=${base}`,
                `-Dcatalina.home=${TOMCAT_HOME}`,
                `-Djava.io.tmpdir=${path.join(base, "temp")}`,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                `${path.join(bin, "bootstrap.jar")}:${path.join(bin, "tomcat-juli.jar")}`,
                "org.apache.catalina.startup.Bootstrap",
                "start",
            ],
            { stdio: ["ignore", "pipe", "pipe"] },
        );
        this.group.track(child);
        child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
        try {
            await waitUntil(
                "Tomcat to serve the stand-in status page",
                async () => {
                    if (child.exitCode !== null) throw new Error(`Tomcat exited with ${child.exitCode}:\n${this.output}`);
                    return (await rawGet(this.port, `${WEB_AUTHOR_CONTEXT_PATH}/rest-public/status`).catch(() => undefined))?.status === 200;
                },
                20000,
                100,
            );
        } catch (error) {
            throw new Error(`${(error as Error).message}\nTomcat output:\n${this.output}`);
        }
    }
}

export interface RawAnswer {
    readonly status: number;
    readonly body: string;
}

/**
 * One `GET <target> HTTP/1.1` on a fresh connection, the target sent byte for byte. Resolves with the status and
 * the rest of the response (headers and body) once the server closes the connection.
 * @param fromAddress source address on loopback (any of 127.0.0.0/8 works on Linux). Default: the kernel's choice.
 */
export function rawGet(port: number, target: string, fromAddress?: string, timeoutMs = 5000): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ port, host: "127.0.0.1", localAddress: fromAddress });
        let seen = "";
        const timer = setTimeout(() => socket.destroy(new Error(`no complete answer to ${target} within ${timeoutMs} ms; got: ${seen}`)), timeoutMs);
        socket.on("connect", () => socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, "latin1"));
        socket.on("data", (chunk) => (seen += chunk.toString("latin1")));
        socket.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        socket.on("close", () => {
            clearTimeout(timer);
            const match = /^HTTP\/1\.[01] (\d{3})/.exec(seen);
            if (match) resolve({ status: Number(match[1]), body: seen });
            else reject(new Error(`no HTTP status line for ${target}; got: ${JSON.stringify(seen.slice(0, 200))}`));
        });
    });
}
