// What each platform's download holds and how it is sent. One row per platform keeps the route,
// the archive writer and the artifact lookup agreeing on names.

export const installerPlatforms = ['linux', 'windows', 'macos'] as const;
export type InstallerPlatform = (typeof installerPlatforms)[number];

export interface PlatformInstaller {
  /** electron-builder's `${os}` in the artifact name. */
  builderOs: 'linux' | 'win' | 'mac';
  packageExtension: 'deb' | 'msi' | 'dmg';
  /** Architectures in order of preference when a release holds several. */
  archPreference: readonly string[];
  archive: 'tar.gz' | 'zip';
  contentType: 'application/gzip' | 'application/zip';
  /** File in the install-scripts folder, and the name it gets inside the archive. */
  installScript: { source: string; name: string };
}

export const platformInstallers: Record<InstallerPlatform, PlatformInstaller> = {
  linux: {
    builderOs: 'linux',
    packageExtension: 'deb',
    archPreference: ['x64', 'amd64', 'arm64', 'aarch64'],
    archive: 'tar.gz',
    contentType: 'application/gzip',
    installScript: { source: 'install.sh', name: 'install.sh' },
  },
  windows: {
    builderOs: 'win',
    packageExtension: 'msi',
    archPreference: ['x64', 'arm64', 'ia32'],
    archive: 'zip',
    contentType: 'application/zip',
    installScript: { source: 'install.ps1', name: 'install.ps1' },
  },
  macos: {
    builderOs: 'mac',
    packageExtension: 'dmg',
    // A universal build runs on both Intel and Apple silicon, so it wins when present.
    archPreference: ['universal', 'arm64', 'x64'],
    archive: 'zip',
    contentType: 'application/zip',
    installScript: { source: 'install.sh', name: 'install.sh' },
  },
};

/** The per-agent config file every archive carries next to the install script. */
export const configFileName = 'planasonix-agent.json';

export function isInstallerPlatform(value: string): value is InstallerPlatform {
  return (installerPlatforms as readonly string[]).includes(value);
}
