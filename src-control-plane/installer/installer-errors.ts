// Typed failures of an installer download, each carrying what the route needs for its 4xx/503
// and a message that says exactly what was wrong.
import { installerPlatforms } from './installer-platforms.js';

export class UnknownPlatformError extends Error {
  readonly code = 'unknown_platform';
  constructor(readonly platform: string) {
    super(`unknown platform ${JSON.stringify(platform)}: expected one of ${installerPlatforms.join(', ')}`);
    this.name = 'UnknownPlatformError';
  }
}

/** No release package for the platform in the artifacts folder (the route answers 503). */
export class MissingArtifactError extends Error {
  readonly code = 'installer_unavailable';
  constructor(
    readonly platform: string,
    /** The file name pattern that was looked for, e.g. planasonix-agent-<version>-linux-<arch>.deb. */
    readonly lookedFor: string,
    readonly artifactsDir: string,
  ) {
    super(`no ${platform} installer available: ${lookedFor} not found in ${artifactsDir}`);
    this.name = 'MissingArtifactError';
  }
}

/** The per-agent values to put in the config are unusable (a caller bug or bad stored data). */
export class InvalidInstallerConfigError extends Error {
  readonly code = 'invalid_installer_config';
  constructor(
    readonly field: 'apiHost' | 'agentId',
    reason: string,
  ) {
    super(`invalid installer ${field}: ${reason}`);
    this.name = 'InvalidInstallerConfigError';
  }
}
