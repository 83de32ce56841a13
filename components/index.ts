/**
 * Public entry of oxygen-webauthor-ha: the components, their args, the configuration schema and the contract's
 * pure functions (for users who run parts of the topology themselves).
 */
export { RedundantWebAuthor, RedundantWebAuthorArgs, EnvironmentOutputs, FailoverOutputs } from "./redundantWebAuthor";
export { Environment, EnvironmentArgs } from "./environment";
export { LicenseServer, LicenseServerArgs } from "./licenseServer";
export { WebAuthor, WebAuthorArgs, DockerWebAuthorArgs, AwsWebAuthorArgs } from "./webAuthor";
export { FailoverLoadBalancer, FailoverLoadBalancerArgs, DockerFailoverLoadBalancerArgs, AwsFailoverLoadBalancerArgs } from "./failoverLoadBalancer";
export { AwsTransforms, AwsEnvironmentTransforms } from "./deployment/awsDeployment";
export { DockerTransforms } from "./deployment/dockerDeployment";
export { Transform } from "./transform";

export {
    deploymentConfigSchema,
    DeploymentConfig,
    DeploymentConfigInput,
    EnvironmentConfig,
    HealthCheckConfig,
    SECRET_KEYS,
    DEFAULT_HAPROXY_IMAGE,
    DEFAULT_WEB_AUTHOR_KIT_URL,
} from "./config/schema";
export { awsSchema, AwsConfig, CLOUDWATCH_RETENTION_DAYS } from "./config/awsSchema";
export { fargateMemoryChoices, FARGATE_VCPUS } from "./config/validateAws";
export { SecretValue } from "./config/secretValue";
export { ConfigIssue, ConfigValidationError } from "./config/configError";
export { parseDeploymentConfig, RawStackConfig, MAX_FAILOVER_DETECTION_MS } from "./config/validate";
export { readDeploymentConfig, readRawStackConfig } from "./config/readStackConfig";

export * from "./contract/topology";
export { planAws, AwsPlan, AwsEnvironmentPlan, worstCaseFailoverSeconds, ALB_ALIAS_TTL_SECONDS, MAX_AWS_PREFIX_LENGTH } from "./contract/awsPlan";
export { renderLicenseServerUserData, LICENSE_SERVER_WORK_DIR } from "./contract/licenseServerUserData";
export { renderLicenseProperties, licenseServletUrl, LicenseServerConnection, LICENSE_PROPERTY_KEYS } from "./contract/licenseProperties";
export { escapePropertyKey, escapePropertyValue } from "./contract/javaProperties";
export { renderHaproxyConfig, renderUnavailablePage, haproxyInputFor, HaproxyRenderInput, HAPROXY_PATHS } from "./contract/haproxyConfig";
export { renderProductionVerdictLua } from "./contract/productionVerdict";
export { PRODUCTION_STATES, ProductionState, LAST_RESORT_SERVER } from "./contract/switchover";
export { ADMIN_GUARDED_PATHS, NON_NORMAL_PATH_PATTERNS, renderHaproxyAdminGuard } from "./contract/adminGuard";
export {
    worstCaseDetectionMs,
    worstCaseRefusalDetectionMs,
    connectionRetries,
    fastIntervalMs,
    verdictWaitLimitMs,
    MAX_CONNECTION_RETRIES,
} from "./contract/healthTimings";
