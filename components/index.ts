/**
 * Public entry of oxygen-webauthor-ha: the components, their args, the configuration schema and the contract's
 * pure functions (for users who run parts of the topology themselves).
 */
export { RedundantWebAuthor, RedundantWebAuthorArgs, EnvironmentOutputsOf } from "./redundantWebAuthor";
export { Environment, EnvironmentArgs } from "./environment";
export { LicenseServer, LicenseServerArgs } from "./licenseServer";
export { WebAuthor, WebAuthorArgs } from "./webAuthor";
export { FailoverLoadBalancer, FailoverLoadBalancerArgs } from "./failoverLoadBalancer";
export { EnvironmentOutputs, LicenseServerPart, WebAuthorPart, LoadBalancerPart, PlatformImplementation, PlatformTypes } from "./platforms/shared/platform";
export { externalLicenseServer, ExternalLicenseServerChildren } from "./platforms/shared/externalLicenseServer";
export { PlatformName, PlatformTypeMap, registerPlatform } from "./platforms/registry";
export {
    dockerPlatform,
    DockerPlatformTypes,
    DockerTransforms,
    DockerEnvironmentTransforms,
    DockerLicenseServerChildren,
    DockerWebAuthorChildren,
    DockerLoadBalancerChildren,
} from "./platforms/docker";
export {
    awsPlatform,
    AwsPlatformTypes,
    AwsTransforms,
    AwsEnvironmentTransforms,
    AwsLicenseServerChildren,
    AwsWebAuthorChildren,
    AwsFailoverChildren,
    AwsEnvironmentOutputs,
    AwsOutputs,
    FailoverOutputs,
} from "./platforms/aws";
export { Transform, TransformResult } from "./platforms/shared/transform";

export {
    deploymentConfigSchema,
    DeploymentConfig,
    DockerDeploymentConfig,
    AwsDeploymentConfig,
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

export * from "./contract/topology";
export { planAws, AwsPlan, AwsEnvironmentPlan, worstCaseFailoverSeconds, ALB_ALIAS_TTL_SECONDS, MAX_AWS_PREFIX_LENGTH } from "./contract/awsPlan";
export { renderLicenseServerUserData, LICENSE_SERVER_WORK_DIR } from "./contract/licenseServerUserData";
export { renderLicenseProperties, licenseServletUrl, LicenseServerConnection, LICENSE_PROPERTY_KEYS } from "./contract/licenseProperties";
export { escapePropertyKey, escapePropertyValue } from "./contract/javaProperties";
export { renderHaproxyConfig, renderUnavailablePage, haproxyInputFor, HaproxyRenderInput, HaproxyContainer } from "./contract/haproxyConfig";
export { HAPROXY_PATHS, DOCKER_HAPROXY } from "./platforms/docker";
export { renderProductionVerdictLua } from "./contract/productionVerdict";
export { ADMIN_GUARDED_PATHS, NON_NORMAL_PATH_PATTERNS, renderHaproxyAdminGuard } from "./contract/adminGuard";
export {
    worstCaseDetectionMs,
    worstCaseRefusalDetectionMs,
    connectionRetries,
    fastIntervalMs,
    verdictWaitLimitMs,
    MAX_CONNECTION_RETRIES,
} from "./contract/healthTimings";
