import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FixturePlatform = 'linux' | 'windows' | 'macos';

/** What a release folder holds, named as electron-builder.yml's artifactName says. */
const PACKAGE_NAMES: Record<FixturePlatform, string> = {
  linux: 'planasonix-agent-2.14.3-linux-x64.deb',
  windows: 'planasonix-agent-2.14.3-win-x64.msi',
  macos: 'planasonix-agent-2.14.3-mac-universal.dmg',
};

export interface ReleaseFixture {
  dir: string;
  /** Per platform: the package's file name and the SHA-256 (hex) of its bytes. */
  packages: Partial<Record<FixturePlatform, { fileName: string; sha256: string }>>;
  remove(): void;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A temp release-artifacts folder with a random stand-in package per platform asked for (random
 * bytes, so any change on the way through an archive shows in the hash).
 */
export function makeReleaseFixture(
  platforms: readonly FixturePlatform[],
  sizeBytes = 256 * 1024,
): ReleaseFixture {
  const dir = mkdtempSync(join(tmpdir(), 'plnx-release-'));
  const packages: ReleaseFixture['packages'] = {};
  for (const platform of platforms) {
    const fileName = PACKAGE_NAMES[platform];
    const bytes = randomBytes(sizeBytes);
    writeFileSync(join(dir, fileName), bytes);
    packages[platform] = { fileName, sha256: sha256Hex(bytes) };
  }
  return { dir, packages, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
