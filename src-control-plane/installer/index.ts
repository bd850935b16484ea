// What the HTTP layer mounts: GET /api/agents/installer/{agentId}/{platform} streams
// buildInstallerArchive(...).body with its contentType and contentDisposition, and
// GET /api/agents/manual-install/{agentId} answers { data: manualInstallInstructions(...) }.
// Error mapping: UnknownPlatformError → 400, MissingArtifactError → 503 (its message names the
// file). InvalidInstallerConfigError means the configured public URL is unusable: check it once at
// startup with checkedInstallerConfig so that no request ever meets it.
export { buildInstallerArchive, defaultInstallScriptsDir } from './installer-archive.js';
export type { InstallerArchive, InstallerArchiveRequest } from './installer-archive.js';
export { checkedInstallerConfig } from './installer-config.js';
export type { InstallerConfig } from './installer-config.js';
export {
  InvalidInstallerConfigError,
  MissingArtifactError,
  UnknownPlatformError,
} from './installer-errors.js';
export { installerPlatforms, isInstallerPlatform } from './installer-platforms.js';
export type { InstallerPlatform } from './installer-platforms.js';
export { manualInstallInstructions } from './manual-install.js';
export type { ManualInstallInstructions, ManualInstallStep } from './manual-install.js';
