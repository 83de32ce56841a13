import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ADMIN_GUARDED_PATHS, NON_NORMAL_PATH_PATTERNS } from "../../contract/adminGuard";
import { WEB_AUTHOR_CONTAINER_PORT } from "../../images/webAuthor";
import { createChild, Transform } from "../shared/transform";
import { KEEP_PHYSICAL_NAME } from "./names";

/** TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only. */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/**
 * Source CIDRs per allow rule: a condition holds at most three match evaluations ("You can specify up to three match
 * evaluations per condition", https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
 */
export const SOURCE_CIDRS_PER_RULE = 3;

/** How the environment's ALB admits users and checks its Web Author. */
export interface AwsEntranceInputs {
    /** The environment's VPC (the target group's). */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets in at least two zones (an ALB's requirement). */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** The ALB's security group: 80 and 443 from anywhere, out to the Web Author only. */
    readonly securityGroupId: pulumi.Input<string>;
    /** ACM certificate for the HTTPS listener; undefined: plain HTTP (explicit opt-in). */
    readonly certificateArn: string | undefined;
    /** The ALB's and target group's physical name prefix (at most 6 characters; names.ts). */
    readonly namePrefix: string;
    /** The logical names the ALB and target group had before they were named after their parent: kept as aliases. */
    readonly legacyNames: { readonly loadBalancer: string; readonly targetGroup: string };
    /** The shared health check (the Route 53 failover check uses the same path). */
    readonly healthCheck: {
        readonly path: string;
        /** The only answer that counts as healthy. */
        readonly expectedStatus: number;
        readonly intervalSeconds: number;
        readonly timeoutSeconds: number;
        readonly healthyThreshold: number;
        readonly unhealthyThreshold: number;
    };
    /** Lifetime of the stickiness cookie, seconds. */
    readonly stickinessSeconds: number;
    /** Idle time before the ALB closes a connection (an idle WebSocket editing session), seconds. */
    readonly idleTimeoutSeconds: number;
    /**
     * CIDRs allowed to open the Admin page; all others get 403 on it and on every path not in normal form
     * (contract/adminGuard.ts). Default: none.
     */
    readonly adminAllowedSources: readonly string[];
    /** Per-child escape hatches. */
    readonly transforms?: AwsEntranceTransforms;
}

/** Per-child escape hatches of an environment's entrance: one per resource type (a transform sees the child's name). */
export interface AwsEntranceTransforms {
    readonly loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
    readonly targetGroup?: Transform<aws.lb.TargetGroupArgs>;
    /** The serving listener (HTTPS, or HTTP with `allowPlainHttp`) and the HTTP redirect. */
    readonly listener?: Transform<aws.lb.ListenerArgs>;
    /** The Admin guard's rules: the allow rules (`…-admin-allow-<i>`) and the two deny rules. */
    readonly listenerRule?: Transform<aws.lb.ListenerRuleArgs>;
}

/** Splits the allowed CIDRs into groups that fit one rule each. */
export function sourceGroups(cidrs: readonly string[]): string[][] {
    const groups: string[][] = [];
    for (let i = 0; i < cidrs.length; i += SOURCE_CIDRS_PER_RULE) groups.push(cidrs.slice(i, i + SOURCE_CIDRS_PER_RULE));
    return groups;
}

/**
 * The environment's Application Load Balancer in the public subnets: HTTPS with the ACM certificate (HTTP only
 * redirects), a target group checking the status path, cookie stickiness (several tasks keep each editing session
 * on one), and the Admin page (and any path not in normal form) answered 403 unless the client's address is allowed.
 */
export function createAwsEntrance(parent: pulumi.Resource, name: string, inputs: AwsEntranceInputs) {
    // Logical names start with the parent's (`<web author>-alb…`); each keeps its old name as an alias.
    const legacy = inputs.legacyNames;
    const opts = (oldName: string) => ({ parent, aliases: [{ name: oldName }] });
    const albName = `${name}-alb`;
    const loadBalancer = createChild(
        aws.lb.LoadBalancer,
        albName,
        {
            namePrefix: inputs.namePrefix,
            loadBalancerType: "application",
            internal: false,
            securityGroups: [inputs.securityGroupId],
            subnets: inputs.publicSubnetIds,
            // An editing session is a WebSocket; the ALB closes it after this much silence.
            idleTimeout: inputs.idleTimeoutSeconds,
            dropInvalidHeaderFields: true,
        },
        { ...opts(legacy.loadBalancer), ...KEEP_PHYSICAL_NAME },
        inputs.transforms?.loadBalancer,
    );
    const hc = inputs.healthCheck;
    const targetGroupName = `${name}-tg`;
    const targetGroup = createChild(
        aws.lb.TargetGroup,
        targetGroupName,
        {
            namePrefix: inputs.namePrefix,
            vpcId: inputs.vpcId,
            targetType: "ip",
            port: WEB_AUTHOR_CONTAINER_PORT,
            protocol: "HTTP",
            deregistrationDelay: 30,
            healthCheck: {
                path: hc.path,
                matcher: String(hc.expectedStatus),
                protocol: "HTTP",
                interval: hc.intervalSeconds,
                timeout: hc.timeoutSeconds,
                healthyThreshold: hc.healthyThreshold,
                unhealthyThreshold: hc.unhealthyThreshold,
            },
            stickiness: { enabled: true, type: "lb_cookie", cookieDuration: inputs.stickinessSeconds },
        },
        { ...opts(legacy.targetGroup), ...KEEP_PHYSICAL_NAME },
        inputs.transforms?.targetGroup,
    );
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    const https = inputs.certificateArn !== undefined;
    const serving = createChild(
        aws.lb.Listener,
        `${albName}-${https ? "https" : "http"}`,
        https
            ? {
                  loadBalancerArn: loadBalancer.arn,
                  port: 443,
                  protocol: "HTTPS",
                  sslPolicy: ALB_TLS_POLICY,
                  certificateArn: inputs.certificateArn,
                  defaultActions: forward,
              }
            : { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: forward },
        opts(`${legacy.loadBalancer}-${https ? "https" : "http"}`),
        inputs.transforms?.listener,
    );
    const listeners = [serving];
    if (https) {
        listeners.push(
            createChild(
                aws.lb.Listener,
                `${albName}-http`,
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                },
                opts(`${legacy.loadBalancer}-http`),
                inputs.transforms?.listener,
            ),
        );
    }
    // Rules are evaluated from the lowest priority: allowed sources are forwarded whatever the path; for everyone
    // else, the Admin page and every path not in normal form (contract/adminGuard.ts) answer 403.
    const allowRules = sourceGroups(inputs.adminAllowedSources).map((cidrs, index) =>
        createChild(
            aws.lb.ListenerRule,
            `${albName}-admin-allow-${index}`,
            { listenerArn: serving.arn, priority: 10 + index, conditions: [{ sourceIp: { values: cidrs } }], actions: forward },
            opts(`${legacy.loadBalancer}-admin-allow-${index}`),
            inputs.transforms?.listenerRule,
        ),
    );
    const forbidden = [{ type: "fixed-response", fixedResponse: { statusCode: "403", contentType: "text/plain", messageBody: "Forbidden" } }];
    const denyRule = createChild(
        aws.lb.ListenerRule,
        `${albName}-admin-deny`,
        {
            listenerArn: serving.arn,
            priority: 1000,
            // Path patterns are case-sensitive, like Tomcat's file mapping on Linux.
            conditions: [{ pathPattern: { values: ADMIN_GUARDED_PATHS.map((path) => `${path}*`) } }],
            actions: forbidden,
        },
        opts(`${legacy.loadBalancer}-admin-deny`),
        inputs.transforms?.listenerRule,
    );
    const nonNormalRule = createChild(
        aws.lb.ListenerRule,
        `${albName}-admin-deny-non-normal`,
        {
            listenerArn: serving.arn,
            priority: 1001,
            conditions: [{ pathPattern: { regexValues: [...NON_NORMAL_PATH_PATTERNS] } }],
            actions: forbidden,
        },
        opts(`${legacy.loadBalancer}-admin-deny-non-normal`),
        inputs.transforms?.listenerRule,
    );
    return { loadBalancer, targetGroup, listeners, adminRules: [...allowRules, denyRule, nonNormalRule] };
}
