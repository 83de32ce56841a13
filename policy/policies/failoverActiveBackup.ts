import { dockerContainerAnswers, indexBy, partResources, PolicyResourceLike, Role, roleOf, ROLES, TYPES, usesOurComponents, Violation } from "../model";
import { haproxyBackends, haproxyConfigs } from "./haproxy";

const WEB_AUTHOR_PORT = 8080;

function webAuthorAt(resources: readonly PolicyResourceLike[], host: string, port: number): Role[] {
    return ROLES.filter((role) =>
        partResources(resources, TYPES.dockerContainer, "webAuthor", role).some((c) => dockerContainerAnswers(c, host, port, WEB_AUTHOR_PORT)),
    );
}

/** Docker: HAProxy sends users to production, and to redundancy only as `backup`. */
function haproxyViolations(resources: readonly PolicyResourceLike[]): Violation[] {
    const violations: Violation[] = [];
    for (const { container, text } of haproxyConfigs(resources)) {
        const backends = haproxyBackends(text).filter((b) => b.servers.length > 0);
        if (backends.length === 0) violations.push({ urn: container.urn, message: "the HAProxy configuration has no backend with servers" });
        for (const backend of backends) {
            const active = backend.servers.filter((s) => !s.backup);
            const backups = backend.servers.filter((s) => s.backup);
            const rolesOf = (servers: typeof active) => servers.flatMap((s) => webAuthorAt(resources, s.host, s.port));
            if (active.length === 0 || !rolesOf(active).includes("production")) {
                violations.push({
                    urn: container.urn,
                    message: `HAProxy backend ${backend.name}: production's Web Author is not an active server (a \`server\` line without \`backup\`)`,
                });
            }
            if (rolesOf(active).includes("redundancy")) {
                violations.push({
                    urn: container.urn,
                    message: `HAProxy backend ${backend.name}: redundancy's Web Author is an active server; it must be marked \`backup\``,
                });
            }
            if (!rolesOf(backups).includes("redundancy")) {
                violations.push({ urn: container.urn, message: `HAProxy backend ${backend.name}: redundancy's Web Author is not a \`backup\` server` });
            }
            if (rolesOf(backups).includes("production")) {
                violations.push({ urn: container.urn, message: `HAProxy backend ${backend.name}: production's Web Author is marked \`backup\`` });
            }
            for (const server of backend.servers) {
                if (webAuthorAt(resources, server.host, server.port).length === 0) {
                    violations.push({
                        urn: container.urn,
                        message: `HAProxy backend ${backend.name}: server ${server.name} (${server.host}:${server.port}) is no Web Author of this stack`,
                    });
                }
            }
        }
    }
    return violations;
}

/** AWS: Route 53 failover, production's ALB PRIMARY (with a health check), redundancy's SECONDARY. */
function route53Violations(resources: readonly PolicyResourceLike[]): Violation[] {
    const violations: Violation[] = [];
    const records = resources.filter(
        (r) => r.type === TYPES.record && Array.isArray(r.props.failoverRoutingPolicies) && r.props.failoverRoutingPolicies.length > 0,
    );
    const albRole = new Map<string, Role | undefined>(
        partResources(resources, TYPES.alb, "webAuthor").map((alb) => [String(alb.props.dnsName).toLowerCase().replace(/\.$/, ""), roleOf(alb)]),
    );
    const healthChecks = indexBy(resources, TYPES.healthCheck, "id");
    const target = (record: PolicyResourceLike) =>
        ((record.props.aliases ?? []) as Array<{ name: string }>).map((a) =>
            albRole.get(
                String(a.name)
                    .toLowerCase()
                    .replace(/^dualstack\./, "")
                    .replace(/\.$/, ""),
            ),
        );
    const byType = (type: string) => records.filter((r) => (r.props.failoverRoutingPolicies as Array<{ type: string }>).some((p) => p.type === type));
    const [primaries, secondaries] = [byType("PRIMARY"), byType("SECONDARY")];
    if (primaries.length === 0 || secondaries.length === 0) {
        violations.push({ message: "no Route 53 PRIMARY/SECONDARY failover record pair for the Web Authors" });
    }
    for (const record of primaries) {
        if (!target(record).includes("production"))
            violations.push({ urn: record.urn, message: `${record.name} is PRIMARY but does not point at production's load balancer` });
        if (!record.props.healthCheckId || !healthChecks.has(record.props.healthCheckId)) {
            violations.push({ urn: record.urn, message: `${record.name} is PRIMARY without a health check of this stack: Route 53 would never fail over` });
        }
    }
    for (const record of secondaries) {
        if (!target(record).includes("redundancy"))
            violations.push({ urn: record.urn, message: `${record.name} is SECONDARY but does not point at redundancy's load balancer` });
    }
    return violations;
}

/**
 * The load balancer sends users to production while it is up and to redundancy only when production is down:
 * HAProxy with production as an active server and redundancy as `backup` (Docker), or Route 53 failover records,
 * production's ALB PRIMARY with a health check and redundancy's SECONDARY (AWS).
 */
export function failoverActiveBackup(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const docker = haproxyConfigs(resources).length > 0;
    const aws = partResources(resources, TYPES.alb, "webAuthor").length > 0;
    if (!docker && !aws) return [{ message: "no failover load balancer of ours found: neither a HAProxy configuration nor Web Author ALBs" }];
    return [...(docker ? haproxyViolations(resources) : []), ...(aws ? route53Violations(resources) : [])];
}
