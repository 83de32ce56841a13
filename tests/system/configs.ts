/**
 * Every configuration the system tests deploy, in one file. Each is what the Pulumi runtime would hand the program: namespaced keys, objects as JSON text, secret keys.
 */
import { NS, OTHER_REGION_REDUNDANCY } from "../helpers/sampleConfig";
import { stackFileConfig } from "../helpers/stackFile";

/**
 * The secrets a user sets with `pulumi config set --secret`. Chosen to cross every escaping the artifacts do:
 * Java properties (`= : # ! \`, a leading space, non-Latin-1 and astral characters), XML (`< & > " '`) and the shell
 * (`$(...)`, quotes). No control characters: whether those are accepted is being decided by the config validation.
 */
export const SYSTEM_SECRETS = {
    productionLicenseKey: "PROD-KEY 7f3a9c\nRegistration_Name=Example Corp\nproduction-only",
    redundancyLicenseKey: "REDUNDANCY-KEY 2b8e41\nRegistration_Name=Example Corp\nredundancy-only",
    licenseServerPassword: " ls=p:a#s!s\\w<o>r&d\"'ü€😀 $(id)",
    licenseServerAdminPassword: "ls-admin&<x>\"'é",
    webAuthorAdminPassword: "wa admin $(whoami) 'q' \"d\" ü",
} as const;

export interface StackConfig {
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

/** `pulumi config set --path <dotted key> <value>` on a config already in runtime form. */
export function setPath(stack: StackConfig, dottedKey: string, value: unknown): StackConfig {
    const [top, ...rest] = dottedKey.split(".") as [string, ...string[]];
    const key = `${NS}:${top}`;
    if (rest.length === 0) return { ...stack, config: { ...stack.config, [key]: typeof value === "string" ? value : JSON.stringify(value) } };
    const object = stack.config[key] === undefined ? {} : (JSON.parse(stack.config[key] as string) as Record<string, unknown>);
    let cursor = object;
    for (const part of rest.slice(0, -1)) cursor = (cursor[part] ??= {}) as Record<string, unknown>;
    cursor[rest[rest.length - 1] as string] = value;
    return { ...stack, config: { ...stack.config, [key]: JSON.stringify(object) } };
}

function fromValues(values: Record<string, unknown>): StackConfig {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...values, ...SYSTEM_SECRETS })) {
        config[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config, secretKeys: Object.keys(SYSTEM_SECRETS).map((key) => `${NS}:${key}`) };
}

export const WAR_URL = "https://downloads.example.com/oxygen/oXygenLicenseServlet.war";

/** The shipped `Pulumi.local.yaml`, plus what the README's quickstart tells the user to set (the WAR URL, secrets). */
export function localStack(): StackConfig {
    return setPath(stackFileConfig("local", SYSTEM_SECRETS), "licenseServer.warUrl", WAR_URL);
}

/** The shipped `Pulumi.prod.yaml` (AWS), plus the secrets. */
export function prodStack(): StackConfig {
    return stackFileConfig("prod", SYSTEM_SECRETS);
}

/** Addresses of the three Docker hosts; the namespace test gives each host's namespace its address. */
export const THREE_HOSTS = { production: "10.77.0.11", redundancy: "10.77.0.12", loadBalancer: "10.77.0.13" } as const;

/**
 * Production, redundancy and the load balancer each on their own Docker host, wired through published ports and
 * `address`. Each host publishes its license server and its Web Author on its own address only.
 */
export function threeHostStack(): StackConfig {
    const onHost = (address: string, webAuthorHostPort: number, licenseServerHostPort: number) => ({
        dockerHost: `tcp://${address}:2376`,
        address,
        webAuthorHostPort,
        webAuthorPublishAddress: address,
        licenseServerHostPort,
        licenseServerPublishAddress: address,
    });
    return fromValues({
        platform: "docker",
        licenseServer: { mode: "container", warUrl: WAR_URL },
        production: onHost(THREE_HOSTS.production, 18090, 18080),
        redundancy: onHost(THREE_HOSTS.redundancy, 18091, 18081),
        loadBalancer: { dockerHost: `tcp://${THREE_HOSTS.loadBalancer}:2376`, httpPort: 80 },
    });
}

/** AWS with redundancy in another region, in its own existing VPC, with its own certificate. */
export function crossRegionAwsStack(): StackConfig {
    return fromValues({
        platform: "aws",
        licenseServer: { warUrl: WAR_URL },
        aws: {
            region: "eu-west-1",
            hostedZoneId: "Z0123456789ABCDEFGHIJ",
            domainName: "webauthor.example.com",
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
            redundancy: OTHER_REGION_REDUNDANCY,
        },
    });
}

export const DOCKER_STACKS = { local: localStack, threeHosts: threeHostStack } as const;
export const AWS_STACKS = { prod: prodStack, crossRegion: crossRegionAwsStack } as const;

/**
 * The local stack once per password in `passwords`, as `licenseServerPassword`: what the escaping of both entrypoints
 * must carry through byte for byte.
 */
export function localStackWithPassword(password: string): StackConfig {
    return setPath(localStack(), "licenseServerPassword", password);
}
