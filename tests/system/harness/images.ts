/**
 * What an image built from one of our build contexts (`docker/<image>`) holds, read from its Dockerfile: the
 * entrypoint (the COPY whose destination the ENTRYPOINT names), plus what the base image contributes (its ENV, and
 * the vendor files our entrypoints rely on). The vendor's software itself is stood in (see `launcher`).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { ContainerRoot } from "./containerRoot";

/**
 * ENV of the base images, as `docker image inspect` shows them (only what a shell script can see matters here).
 * A base image missing from this table fails the test: add it with its real ENV.
 */
const BASE_IMAGE_ENV: Record<string, Record<string, string>> = {
    "eclipse-temurin:17-jdk-jammy": {
        PATH: "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        JAVA_HOME: "/opt/java/openjdk",
        LANG: "en_US.UTF-8",
        LANGUAGE: "en_US:en",
        LC_ALL: "en_US.UTF-8",
    },
    "tomcat:9.0-jre17-temurin-jammy": {
        PATH: "/usr/local/tomcat/bin:/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        JAVA_HOME: "/opt/java/openjdk",
        LANG: "en_US.UTF-8",
        LANGUAGE: "en_US:en",
        LC_ALL: "en_US.UTF-8",
        CATALINA_HOME: "/usr/local/tomcat",
        TOMCAT_MAJOR: "9",
    },
};

/**
 * Vendor files the images hold that our entrypoints and the stand-ins use: Tomcat's launcher; for Web Author the
 * webapp's WEB-INF (the kit's; the Dockerfile deletes only license.properties and shiro-users.ini from it); for the
 * license server the WAR its Dockerfile downloads to webapps/${CONTEXT_PATH}.war (a placeholder: the stand-in serves it).
 */
const VENDOR_LAYOUT: Record<
    string,
    { readonly launcher: string; readonly dirs: readonly string[]; readonly files?: (args: Readonly<Record<string, string>>) => Record<string, string> }
> = {
    "web-author": {
        launcher: "/usr/local/tomcat/bin/catalina.sh",
        dirs: ["/usr/local/tomcat/webapps/oxygen-xml-web-author/WEB-INF", "/usr/local/tomcat/conf"],
    },
    "license-server": {
        launcher: "/usr/local/tomcat/bin/catalina.sh",
        dirs: ["/usr/local/tomcat/conf", "/usr/local/tomcat/webapps"],
        files: (args) => ({ [`/usr/local/tomcat/webapps/${args.CONTEXT_PATH ?? "oXygenLicenseServlet"}.war`]: "WAR" }),
    },
};

export interface ImageModel {
    /** `web-author` or `license-server`: the build context's directory name. */
    readonly name: string;
    readonly entrypoint: readonly string[];
    /** The entrypoint's source in the build context (copied to `entrypoint[0]`). */
    readonly entrypointSource: string;
    readonly env: Readonly<Record<string, string>>;
    /** Where the image's Tomcat launcher sits; the tests put the vendor stand-in there. */
    readonly launcher: string;
    readonly dirs: readonly string[];
    readonly files?: (args: Readonly<Record<string, string>>) => Record<string, string>;
}

/** Reads the Dockerfile of a build context (as registered in an image's `build.context`). */
export function imageFromBuildContext(context: string, dockerfile = "Dockerfile"): ImageModel {
    const name = path.basename(context);
    const text = fs.readFileSync(path.isAbsolute(dockerfile) ? dockerfile : path.join(context, dockerfile), "utf8").replace(/\\\n/g, " ");
    const lines = text.split("\n").map((l) => l.trim());
    const from = lines.find((l) => /^FROM\s/i.test(l))?.split(/\s+/)[1] as string;
    const baseEnv = BASE_IMAGE_ENV[from];
    if (baseEnv === undefined) throw new Error(`base image ${from} of ${context} is not modelled in BASE_IMAGE_ENV`);
    const entrypointLine = lines.find((l) => /^ENTRYPOINT\s/i.test(l));
    if (entrypointLine === undefined) throw new Error(`${context}/Dockerfile has no ENTRYPOINT`);
    const entrypoint = JSON.parse(entrypointLine.replace(/^ENTRYPOINT\s+/i, "")) as string[];
    const copy = lines.map((l) => /^COPY\s+(\S+)\s+(\S+)$/i.exec(l)).find((m) => m?.[2] === entrypoint[0]);
    if (!copy) throw new Error(`${context}/Dockerfile copies nothing to its ENTRYPOINT ${entrypoint[0]}`);
    const env = { ...baseEnv };
    for (const line of lines.filter((l) => /^ENV\s/i.test(l))) {
        const [, key, value] = /^ENV\s+(\S+?)[=\s](.*)$/i.exec(line) as RegExpExecArray;
        env[key as string] = value as string;
    }
    const layout = VENDOR_LAYOUT[name];
    if (layout === undefined) throw new Error(`vendor layout of image ${name} is not modelled`);
    return { name, entrypoint, entrypointSource: path.join(context, copy[1] as string), env, ...layout };
}

/**
 * The image's locale (its ENV names `en_US.UTF-8`, which the base image generates with localedef), generated the
 * same way into the container's /usr/lib/locale, unless this machine has it already.
 */
function installLocale(root: ContainerRoot, locale: string | undefined): void {
    const match = locale === undefined ? null : /^([A-Za-z_]+)\.UTF-8$/i.exec(locale);
    if (!match) return;
    const normalised = `${match[1]}.utf8`;
    if (execFileSync("locale", ["-a"], { encoding: "utf8" }).split("\n").includes(normalised)) return;
    const target = root.hostPath(`/usr/lib/locale/${normalised}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Compiled once per run by the project's globalSetup (harness/globalLocales.js), when it ran.
    const compiled = path.join(process.env.SYSTEM_TEST_LOCALES ?? "/nonexistent", normalised);
    if (fs.existsSync(compiled)) fs.cpSync(compiled, target, { recursive: true });
    else execFileSync("localedef", ["-i", match[1] as string, "-f", "UTF-8", target]);
}

/** Puts the image's files into a container root: our entrypoint (0755, as the Dockerfile's chmod) and the vendor dirs. */
export function installImage(root: ContainerRoot, image: ImageModel, launcherScript: string, buildArgs: Readonly<Record<string, string>> = {}): void {
    installLocale(root, image.env.LC_ALL ?? image.env.LANG);
    root.writeFile(image.entrypoint[0] as string, fs.readFileSync(image.entrypointSource, "utf8"), 0o755);
    for (const dir of image.dirs) root.mkdir(dir);
    for (const [file, content] of Object.entries(image.files?.(buildArgs) ?? {})) root.writeFile(file, content);
    root.writeFile(image.launcher, launcherScript, 0o755);
}

/**
 * A stand-in for Tomcat's `catalina.sh` that records how it was started (arguments, then the environment, each
 * NUL-separated) and exits: what the entrypoint's final `exec` hands to Tomcat.
 */
export function probeLauncher(argsFile: string, envFile: string): string {
    return `#!/bin/sh\n# Stand-in for Tomcat's launcher: records what Tomcat would be started with.\nprintf '%s\\0' "$@" >'${argsFile}'\nenv -0 >'${envFile}'\n`;
}

/** Reads what {@link probeLauncher} recorded; undefined if Tomcat was never started. */
export function readProbe(argsFile: string, envFile: string): { args: string[]; env: Record<string, string> } | undefined {
    if (!fs.existsSync(envFile)) return undefined;
    const split = (file: string) => fs.readFileSync(file, "utf8").split("\0").slice(0, -1);
    const env: Record<string, string> = {};
    for (const entry of split(envFile)) {
        const at = entry.indexOf("=");
        env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    return { args: split(argsFile), env };
}
