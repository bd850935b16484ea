// The per-agent installer download: the platform's unchanged release package, its install script
// and a small config naming the API host and agent id, as one streamed archive.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { AgentId } from '../../src-shared/ids.js';
import { type ArchiveEntry, tarGzStream, zipStream } from './archive-writers.js';
import { findReleaseArtifact } from './find-artifact.js';
import {
  InvalidInstallerConfigError,
  MissingArtifactError,
  UnknownPlatformError,
} from './installer-errors.js';
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

export interface InstallerConfig {
  /** The control plane's public base URL, e.g. https://api.planasonix.com */
  apiHost: string;
  agentId: string;
}

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

function checkedConfig(config: InstallerConfig): InstallerConfig {
  let url: URL;
  try {
    url = new URL(config.apiHost);
  } catch {
    throw new InvalidInstallerConfigError('apiHost', `${JSON.stringify(config.apiHost)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInstallerConfigError('apiHost', 'must be an http(s) URL');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InvalidInstallerConfigError('apiHost', 'must not carry credentials, a query or a fragment');
  }
  const agentId = AgentId.safeParse(config.agentId);
  if (!agentId.success) {
    throw new InvalidInstallerConfigError('agentId', agentId.error.issues[0]?.message ?? 'malformed');
  }
  return { apiHost: url.href.replace(/\/$/, ''), agentId: agentId.data };
}

/** The JSON install scripts read; the same keys as the manual-install `environment_variables`. */
export function installerConfigJson(config: InstallerConfig): string {
  const { apiHost, agentId } = checkedConfig(config);
  return `${JSON.stringify({ api_host: apiHost, agent_id: agentId }, null, 2)}\n`;
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
