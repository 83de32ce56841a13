/** Every policy as a plain function, for the pack's entry and the tests. */
export { licenseMainAndBackup } from "./licenseMainAndBackup";
export { licenseKeyOwnEnvironment } from "./licenseKeyOwnEnvironment";
export { licenseSecretAccess } from "./licenseSecretAccess";
export { failoverActiveBackup } from "./failoverActiveBackup";
export { failoverHealthCheck } from "./failoverHealthCheck";
export { licenseServerNotPublic, LicenseServerNotPublicOptions } from "./licenseServerNotPublic";
export { noPlaintextSecrets } from "./noPlaintextSecrets";
export { stateOnPersistentStorage } from "./stateOnPersistentStorage";
export { stateRetainedOnDelete, retentionVisible, holdsState } from "./stateRetainedOnDelete";
