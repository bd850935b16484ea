// Picks the release package for a platform out of the artifacts folder, which holds files named
// as electron-builder.yml's artifactName says: planasonix-agent-${version}-${os}-${arch}.${ext}.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MissingArtifactError } from './installer-errors.js';
import { type InstallerPlatform, platformInstallers } from './installer-platforms.js';

export interface ReleaseArtifact {
  path: string;
  fileName: string;
  version: string;
  arch: string;
  size: number;
  mtime: Date;
}

const artifactName =
  /^planasonix-agent-(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)-(?<os>[a-z]+)-(?<arch>[a-z0-9_]+)\.(?<ext>[a-z]+)$/;

/** Semver precedence on what our names allow: numeric core first, a pre-release sorts lower. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split(/-(.*)/s);
  const [coreB = '', preB] = b.split(/-(.*)/s);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (preA === undefined || preB === undefined)
    return (preA === undefined ? 1 : 0) - (preB === undefined ? 1 : 0);
  return preA.localeCompare(preB, 'en', { numeric: true });
}

async function listFiles(artifactsDir: string): Promise<string[]> {
  try {
    return await readdir(artifactsDir);
  } catch {
    // A missing or unreadable folder means the same to the caller as an empty one.
    return [];
  }
}

/** The newest version's package, in the platform's preferred architecture. */
export async function findReleaseArtifact(
  artifactsDir: string,
  platform: InstallerPlatform,
): Promise<ReleaseArtifact> {
  const spec = platformInstallers[platform];
  const lookedFor = `planasonix-agent-<version>-${spec.builderOs}-<arch>.${spec.packageExtension}`;
  const rank = (arch: string) => {
    const index = spec.archPreference.indexOf(arch);
    return index === -1 ? spec.archPreference.length : index;
  };
  const candidates = (await listFiles(artifactsDir))
    .map((fileName) => ({ fileName, groups: artifactName.exec(fileName)?.groups }))
    .filter(({ groups }) => groups?.os === spec.builderOs && groups.ext === spec.packageExtension)
    .map(({ fileName, groups }) => ({ fileName, version: groups?.version ?? '', arch: groups?.arch ?? '' }))
    .sort((a, b) => compareVersions(b.version, a.version) || rank(a.arch) - rank(b.arch));

  for (const candidate of candidates) {
    const path = join(artifactsDir, candidate.fileName);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) return { ...candidate, path, size: info.size, mtime: info.mtime };
  }
  throw new MissingArtifactError(platform, lookedFor, artifactsDir);
}
