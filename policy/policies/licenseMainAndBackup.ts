import {
    BACKUP_URL_VAR,
    containerDefinitions,
    dockerContainerAnswers,
    dockerEnv,
    ecsEnv,
    hostPort,
    MAIN_URL_VAR,
    partResources,
    PolicyResourceLike,
    Role,
    roleOf,
    ROLES,
    TYPES,
    usesOurComponents,
    Violation,
} from "../model";

/** The license servlet's port inside the license-server container and on the EC2 instances (Tomcat's 8080). */
const LICENSE_SERVER_PORT = 8080;

/** Which environments' license servers answer at `url` (Docker containers, or the private DNS names and IPs on AWS). */
function licenseServersAt(resources: readonly PolicyResourceLike[], url: string): Set<Role> {
    const target = hostPort(url);
    const found = new Set<Role>();
    if (target === undefined) return found;
    for (const role of ROLES) {
        const containers = partResources(resources, TYPES.dockerContainer, "licenseServer", role);
        if (containers.some((c) => dockerContainerAnswers(c, target.host, target.port, LICENSE_SERVER_PORT))) found.add(role);
        const names = partResources(resources, TYPES.record, "licenseServer", role).map((r) => String(r.props.name).replace(/\.$/, ""));
        const ips = [...partResources(resources, TYPES.nic, "licenseServer", role), ...partResources(resources, TYPES.instance, "licenseServer", role)].flatMap(
            (r) => [r.props.privateIp, ...((r.props.privateIps as string[] | undefined) ?? [])].filter((ip) => typeof ip === "string"),
        );
        if (names.includes(target.host) || ips.includes(target.host)) found.add(role);
    }
    return found;
}

/** Each Web Author's main and backup license-server URLs, from its container env (Docker) or task definition (AWS). */
function webAuthorLicensing(resources: readonly PolicyResourceLike[]) {
    const found: Array<{ resource: PolicyResourceLike; role: Role | undefined; main?: string; backup?: string }> = [];
    for (const container of partResources(resources, TYPES.dockerContainer, "webAuthor")) {
        const env = dockerEnv(container);
        found.push({ resource: container, role: roleOf(container), main: env.get(MAIN_URL_VAR), backup: env.get(BACKUP_URL_VAR) });
    }
    for (const task of partResources(resources, TYPES.ecsTaskDefinition, "webAuthor")) {
        for (const definition of containerDefinitions(task)) {
            const env = ecsEnv(definition);
            found.push({ resource: task, role: roleOf(task), main: env.get(MAIN_URL_VAR), backup: env.get(BACKUP_URL_VAR) });
        }
    }
    return found;
}

/**
 * Both Web Authors use production's license server as main and redundancy's as backup (vendor topic
 * Redundancy-Deployment-for-Web-Author). Where the stack runs the license servers (container, ec2), each URL must
 * reach the right one; with external license servers, both Web Authors must at least agree, main differing from backup.
 */
export function licenseMainAndBackup(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const violations: Violation[] = [];
    const webAuthors = webAuthorLicensing(resources);
    const hasLicenseServers = ROLES.some(
        (role) =>
            partResources(resources, TYPES.dockerContainer, "licenseServer", role).length > 0 ||
            partResources(resources, TYPES.record, "licenseServer", role).length > 0,
    );
    if (webAuthors.length === 0) violations.push({ message: "no Web Author container or task definition of ours found in the stack" });
    for (const wa of webAuthors) {
        const who = `${wa.role ?? "a"} Web Author (${wa.resource.name})`;
        for (const [variable, url, expected] of [
            [MAIN_URL_VAR, wa.main, "production"],
            [BACKUP_URL_VAR, wa.backup, "redundancy"],
        ] as const) {
            if (url === undefined || url === "") {
                violations.push({ urn: wa.resource.urn, message: `${who} has no ${variable}: it must name the ${expected} license server` });
                continue;
            }
            if (!hasLicenseServers) continue;
            const at = licenseServersAt(resources, url);
            if (!at.has(expected)) {
                const actual = at.size > 0 ? `the ${[...at].join(" and ")} license server` : "no license server of this stack";
                violations.push({ urn: wa.resource.urn, message: `${who}: ${variable}=${url} reaches ${actual}; it must be the ${expected} license server` });
            }
        }
        if (wa.main !== undefined && wa.main === wa.backup) {
            violations.push({ urn: wa.resource.urn, message: `${who}: main and backup license server are the same (${wa.main})` });
        }
    }
    // External license servers: nothing to resolve the URLs to, but both Web Authors must name the same two. (Where
    // the stack runs them, each Web Author may reach them by another name, e.g. the same-host DNS name.)
    for (const variable of hasLicenseServers ? [] : (["main", "backup"] as const)) {
        const urls = new Set(webAuthors.map((wa) => wa[variable]));
        if (urls.size > 1) {
            violations.push({ message: `the Web Authors disagree on their ${variable} license server: ${[...urls].join(", ")}; both must use the same one` });
        }
    }
    return violations;
}
