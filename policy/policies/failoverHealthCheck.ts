import { indexBy, partResources, PolicyResourceLike, TYPES, usesOurComponents, Violation, WEB_AUTHOR_STATUS_PATH } from "../model";
import { haproxyBackends, haproxyConfigs } from "./haproxy";

/**
 * Failover is decided by Web Author's own status endpoint (`GET /oxygen-xml-web-author/rest-public/status`, 200 when
 * healthy; vendor topic webapp-loadbalancing): HAProxy checks every server there and expects 200; on AWS, the
 * PRIMARY record's Route 53 health check and both target groups request that path.
 */
export function failoverHealthCheck(resources: readonly PolicyResourceLike[]): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const violations: Violation[] = [];
    for (const { container, text } of haproxyConfigs(resources)) {
        for (const backend of haproxyBackends(text).filter((b) => b.servers.length > 0)) {
            const httpchk = backend.lines.find((l) => l.startsWith("option httpchk"));
            if (httpchk === undefined || !httpchk.split(/\s+/).includes(WEB_AUTHOR_STATUS_PATH)) {
                violations.push({
                    urn: container.urn,
                    message: `HAProxy backend ${backend.name} does not check ${WEB_AUTHOR_STATUS_PATH} (\`option httpchk GET ${WEB_AUTHOR_STATUS_PATH}\`)`,
                });
            }
            if (!backend.lines.some((l) => /^http-check expect status 200\b/.test(l))) {
                violations.push({ urn: container.urn, message: `HAProxy backend ${backend.name} does not expect status 200 from the health check` });
            }
            for (const server of backend.servers.filter((s) => !s.check)) {
                violations.push({ urn: container.urn, message: `HAProxy backend ${backend.name}: server ${server.name} is not health-checked (\`check\`)` });
            }
        }
    }
    const healthChecks = indexBy(resources, TYPES.healthCheck, "id");
    for (const record of resources.filter(
        (r) => r.type === TYPES.record && ((r.props.failoverRoutingPolicies ?? []) as Array<{ type: string }>).some((p) => p.type === "PRIMARY"),
    )) {
        const check = healthChecks.get(record.props.healthCheckId);
        if (check === undefined) continue; // failoverActiveBackup reports a PRIMARY without a health check.
        if (check.props.resourcePath !== WEB_AUTHOR_STATUS_PATH || !/^HTTPS?$/.test(String(check.props.type))) {
            violations.push({
                urn: check.urn,
                message: `${check.name} (PRIMARY's health check) requests ${check.props.type} ${check.props.resourcePath}; it must be HTTP(S) ${WEB_AUTHOR_STATUS_PATH}`,
            });
        }
    }
    for (const group of partResources(resources, TYPES.targetGroup, "webAuthor")) {
        if (group.props.healthCheck?.path !== WEB_AUTHOR_STATUS_PATH || group.props.healthCheck?.enabled === false) {
            violations.push({
                urn: group.urn,
                message: `${group.name} health-checks ${group.props.healthCheck?.path ?? "nothing"}; it must check ${WEB_AUTHOR_STATUS_PATH}`,
            });
        }
    }
    return violations;
}
