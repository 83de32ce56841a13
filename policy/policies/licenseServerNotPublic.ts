import { isWildcardIp, partResources, PolicyResourceLike, TYPES, usesOurComponents, Violation } from "../model";

const OPEN_V4 = "0.0.0.0/0";
const OPEN_V6 = "::/0";

export interface LicenseServerNotPublicOptions {
    /**
     * Docker: accept a license-server page published on every interface (`0.0.0.0`), for hosts whose firewall keeps
     * the port private. Default: false.
     */
    readonly allowAllInterfaces?: boolean;
}

/**
 * No license server is reachable from the internet. AWS: no ingress from 0.0.0.0/0 or ::/0 to a license server's
 * security groups (separate rules, legacy rules or inline), no public IP on its instance, no Elastic IP on it.
 * Docker: a container-mode license server's port is published on a named interface (127.0.0.1 or the host's
 * private address), never on every interface, unless `allowAllInterfaces`.
 */
export function licenseServerNotPublic(resources: readonly PolicyResourceLike[], options: LicenseServerNotPublicOptions = {}): Violation[] {
    if (!usesOurComponents(resources)) return [];
    const violations: Violation[] = [];
    for (const container of partResources(resources, TYPES.dockerContainer, "licenseServer")) {
        for (const port of (container.props.ports ?? []) as Array<{ internal: number; external?: number; ip?: string }>) {
            if (port.external !== undefined && isWildcardIp(port.ip) && !options.allowAllInterfaces) {
                violations.push({
                    urn: container.urn,
                    message: `${container.name} publishes the license server's port ${port.external} on every interface (${port.ip ?? "no ip"}); bind it to 127.0.0.1 or the host's private address`,
                });
            }
        }
    }
    const instances = partResources(resources, TYPES.instance, "licenseServer");
    const nics = partResources(resources, TYPES.nic, "licenseServer");
    const groupIds = new Set<string>([
        ...nics.flatMap((n) => (n.props.securityGroups ?? []) as string[]),
        ...instances.flatMap((i) => [...((i.props.vpcSecurityGroupIds ?? []) as string[]), ...((i.props.securityGroups ?? []) as string[])]),
    ]);
    const groups = resources.filter(
        (r) => r.type === TYPES.securityGroup && (groupIds.has(r.props.id) || partResources([r], r.type, "licenseServer").length > 0),
    );
    for (const group of groups) {
        for (const rule of (group.props.ingress ?? []) as Array<{ cidrBlocks?: string[]; ipv6CidrBlocks?: string[] }>) {
            if ((rule.cidrBlocks ?? []).includes(OPEN_V4) || (rule.ipv6CidrBlocks ?? []).includes(OPEN_V6)) {
                violations.push({ urn: group.urn, message: `${group.name} (a license server's security group) admits the internet` });
            }
        }
    }
    const ids = new Set([...groupIds, ...groups.map((g) => g.props.id)]);
    for (const rule of resources.filter((r) => r.type === TYPES.ingressRule && ids.has(r.props.securityGroupId))) {
        if (rule.props.cidrIpv4 === OPEN_V4 || rule.props.cidrIpv6 === OPEN_V6) {
            violations.push({
                urn: rule.urn,
                message: `${rule.name} admits ${rule.props.cidrIpv4 ?? rule.props.cidrIpv6} to a license server's security group`,
            });
        }
    }
    for (const rule of resources.filter((r) => r.type === TYPES.legacyRule && r.props.type === "ingress" && ids.has(r.props.securityGroupId))) {
        if ((rule.props.cidrBlocks ?? []).includes(OPEN_V4) || (rule.props.ipv6CidrBlocks ?? []).includes(OPEN_V6)) {
            violations.push({ urn: rule.urn, message: `${rule.name} admits the internet to a license server's security group` });
        }
    }
    for (const instance of instances) {
        if (instance.props.associatePublicIpAddress === true) {
            violations.push({ urn: instance.urn, message: `${instance.name} (a license server) gets a public IP address` });
        }
    }
    const targets = new Set([...instances, ...nics].map((r) => r.props.id).filter((id) => typeof id === "string"));
    for (const eip of resources.filter((r) => r.type === TYPES.eip && (targets.has(r.props.instance) || targets.has(r.props.networkInterface)))) {
        violations.push({ urn: eip.urn, message: `${eip.name} gives a license server a public Elastic IP` });
    }
    return violations;
}
