// The per-agent installer download: the platform's unchanged release package, its install script
// and a small config naming the API host and agent id, as one streamed archive.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type ArchiveEntry, tarGzStream, zipStream } from './archive-writers.js';
import { findReleaseArtifact } from './find-artifact.js';
import { type InstallerConfig, installerConfigJson } from './installer-config.js';
import { MissingArtifactError, UnknownPlatformError } from './installer-errors.js';
import {
  configFileName,
  type InstallerPlatform,
  isInstallerPlatform,
  platformInstallers,
} from './installer-platforms.js';

/** resources/installers/ of this repository; a deployment may point elsewhere. */
export const defaultInstallScriptsDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../resources/installers',
);

export interface InstallerArchiveRequest {
  /** Untrusted: straight from the URL path. */
  platform: string;
  artifactsDir: string;
  config: InstallerConfig;
  installScriptsDir?: string;
}

export interface InstallerArchive {
  platform: InstallerPlatform;
  fileName: string;
  contentType: string;
  contentDisposition: string;
  /** The release package inside, as found in the artifacts folder. */
  artifact: { fileName: string; version: string; arch: string; size: number };
  body: Readable;
}

async function readInstallScript(dir: string, platform: InstallerPlatform, source: string) {
  const path = join(dir, source);
  try {
    const [content, info] = await Promise.all([readFile(path), stat(path)]);
    return { content, mtime: info.mtime };
  } catch {
    throw new MissingArtifactError(platform, source, dir);
  }
}

/**
 * Resolves everything that can fail before a byte is streamed, so the caller can still answer
 * with a 4xx/503; the returned body then streams the archive.
 */
export async function buildInstallerArchive(request: InstallerArchiveRequest): Promise<InstallerArchive> {
  const { platform } = request;
  if (!isInstallerPlatform(platform)) throw new UnknownPlatformError(platform);
  const config = installerConfigJson(request.config);
  const spec = platformInstallers[platform];
  const artifact = await findReleaseArtifact(request.artifactsDir, platform);
  const scriptsDir = request.installScriptsDir ?? defaultInstallScriptsDir;
  const script = await readInstallScript(scriptsDir, platform, spec.installScript.source);

  const entries: ArchiveEntry[] = [
    { name: artifact.fileName, mode: 0o644, mtime: artifact.mtime, file: artifact.path, size: artifact.size },
    { name: spec.installScript.name, mode: 0o755, mtime: script.mtime, content: script.content },
    { name: configFileName, mode: 0o644, mtime: artifact.mtime, content: Buffer.from(config) },
  ];
  const fileName = `planasonix-agent-${platform}-${request.config.agentId}.${spec.archive}`;
  return {
    platform,
    fileName,
    contentType: spec.contentType,
    contentDisposition: `attachment; filename="${fileName}"`,
    artifact: {
      fileName: artifact.fileName,
      version: artifact.version,
      arch: artifact.arch,
      size: artifact.size,
    },
    body: spec.archive === 'tar.gz' ? tarGzStream(entries) : zipStream(entries),
  };
}
