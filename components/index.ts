/**
 * Public entry of oxygen-webauthor-ha, curated: every name here is meant for users and kept stable; nothing is
 * re-exported wholesale. Reading a stack's Pulumi config is in `oxygen-webauthor-ha/stack-config`.
 *
 * - the components, their args and outputs;
 * - the platforms: what a platform implements (for one kept outside the package), the registry, and each shipped
 *   platform's implementation, transforms, children and outputs;
 * - the configuration: schema, types, `parseDeploymentConfig`, `SECRET_KEYS`, errors;
 * - the pure functions the README documents, for users who run parts of the topology themselves: the topology plan
 *   (platforms/shared/topology.ts), the contract's renderers (`license.properties`, `haproxy.cfg` with its 503 page
 *   and Lua verdict, the license servers' user data), the AWS plan, the health timings, the Admin guard's paths and Web Author's paths.
 */

// Components.
export { RedundantWebAuthor, RedundantWebAuthorArgs, EnvironmentOutputsOf } from "./redundantWebAuthor";
export { Environment, EnvironmentArgs } from "./environment";
export { LicenseServer, LicenseServerArgs } from "./licenseServer";
export { WebAuthor, WebAuthorArgs } from "./webAuthor";
export { FailoverLoadBalancer, FailoverLoadBalancerArgs } from "./failoverLoadBalancer";

// The surface a platform implements, and the registry.
export {
    EnvironmentChildren,
    EnvironmentOutputs,
    EnvironmentPartBuilder,
    LicenseServerPart,
    LoadBalancerPart,
    PartBuilder,
    PlatformDeployment,
    PlatformImplementation,
    PlatformTypes,
    ProviderOf,
    WebAuthorPart,
} from "./platforms/shared/platform";
export { externalLicenseServer, ExternalLicenseServerChildren } from "./platforms/shared/externalLicenseServer";
export { Transform, TransformResult } from "./platforms/shared/transform";
export { PlatformName, PlatformTypeMap, registerPlatform } from "./platforms/registry";

// The shipped platforms.
export { HAPROXY_PATHS, DOCKER_HAPROXY } from "./platforms/docker";
export {
    dockerPlatform,
    DockerPlatformTypes,
    DockerTransforms,
    DockerEnvironmentTransforms,
    DockerNetworks,
    DockerLicenseServerChildren,
    DockerWebAuthorChildren,
    DockerLoadBalancerChildren,
} from "./platforms/docker";
export {
    awsPlatform,
    AwsPlatformTypes,
    AwsTransforms,
    AwsEnvironmentTransforms,
    AwsShared,
    AwsLicenseServerChildren,
    AwsWebAuthorChildren,
    AwsFailoverChildren,
    AwsEnvironmentOutputs,
    AwsOutputs,
    FailoverOutputs,
    AwsAlarmTransforms,
    LicenseServerReadinessArgs,
    LicenseServerReadinessGate,
    ROUTE53_METRICS_REGION,
} from "./platforms/aws";

// Configuration.
export {
    deploymentConfigSchema,
    DeploymentConfig,
    DockerDeploymentConfig,
    AwsDeploymentConfig,
    DeploymentConfigInput,
    EnvironmentConfig,
    HealthCheckConfig,
    Platform,
    SECRET_KEYS,
} from "./config/schema";
export { awsSchema, AwsConfig } from "./config/awsSchema";
export { Part, Role, ROLES } from "./config/placement";
export { SecretValue } from "./config/secretValue";
export { ConfigIssue, ConfigValidationError } from "./config/configError";
export { parseDeploymentConfig, RawStackConfig } from "./config/validate";

// The contract: plans, renderers and timings, without resources.
export { planTopology, TopologyPlan, EnvironmentPlan } from "./platforms/shared/topology";
export {
    Endpoint,
    WEB_AUTHOR_CONTEXT_PATH,
    WEB_AUTHOR_STATUS_PATH,
    WEB_AUTHOR_APP_PATH,
    WEB_AUTHOR_ADMIN_PATH,
    WEB_AUTHOR_WEBSOCKET_PATH,
} from "./contract/topology";
export { renderLicenseProperties, LicenseServerConnection } from "./contract/licenseProperties";
export { renderHaproxyConfig, renderUnavailablePage, haproxyInputFor, HaproxyRenderInput, HaproxyContainer } from "./contract/haproxyConfig";
export { renderProductionVerdictLua } from "./contract/productionVerdict";
export { ADMIN_GUARDED_PATHS, NON_NORMAL_PATH_PATTERNS } from "./contract/adminGuard";
export { renderLicenseServerUserData, LicenseServerBootSettings, LicenseServerScripts, LICENSE_SERVER_WORK_DIR } from "./contract/licenseServerUserData";
export {
    planAws,
    AwsPlan,
    AwsEnvironmentPlan,
    SharedHealthCheck,
    worstCaseFailoverSeconds,
    ALB_ALIAS_TTL_SECONDS,
    MAX_AWS_PREFIX_LENGTH,
} from "./contract/awsPlan";
export { PRODUCTION_STATES, ProductionState, LAST_RESORT_SERVER } from "./contract/switchover";
export { LOAD_BALANCER_ALERTS, AlertRule, SampleCondition, promql, METRICS_CONTAINER_PORT, METRICS_PATH, STATS_PATH } from "./contract/metrics";
export { EnvironmentPart, ROLLING_ORDER, ROLLING_SEQUENCE, RollingStep, STANDBY_SETTLE_SECONDS } from "./contract/rollingOrder";
export {
    worstCaseDetectionMs,
    worstCaseRefusalDetectionMs,
    connectionRetries,
    fastIntervalMs,
    verdictWaitLimitMs,
    MAX_CONNECTION_RETRIES,
} from "./contract/healthTimings";
