import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkedInstallerConfig } from '../installer/installer-config.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface InstallerSettings {
  /** Absolute path of the release artifacts folder; undefined: downloads answer 503. */
  releaseDir: string | undefined;
  /** The public base URL without a trailing slash; undefined: the listen URL. */
  publicUrl: string | undefined;
}

// checkedInstallerConfig checks a URL and an agent id together; any well-formed id lets it judge
// the URL alone.
const ANY_AGENT_ID = `agt_${'0'.repeat(26)}`;

/**
 * The public URL as install commands will carry it, or an Error naming what is wrong (install.sh and
 * install.ps1 accept letters, digits and `.-_~/` only, so e.g. an IPv6 literal is refused).
 */
export function checkedPublicUrl(url: string): string {
  return checkedInstallerConfig({ apiHost: url, agentId: ANY_AGENT_ID }).apiHost;
}

/** --release-dir and --public-url, checked once at start: a bad value throws a message naming the flag. */
export function resolveInstallerSettings(
  releaseDir: string | undefined,
  publicUrl: string | undefined,
): InstallerSettings {
  return {
    releaseDir: releaseDir === undefined ? undefined : existingFolder(releaseDir),
    publicUrl: publicUrl === undefined ? undefined : publicUrlOrThrow(publicUrl),
  };
}

function existingFolder(dir: string): string {
  const path = resolve(dir);
  let info;
  try {
    info = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new Error(`--release-dir: ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (info === undefined) throw new Error(`--release-dir: ${path} does not exist`);
  if (!info.isDirectory()) throw new Error(`--release-dir: ${path} is not a folder`);
  return path;
}

function publicUrlOrThrow(url: string): string {
  try {
    return checkedPublicUrl(url);
  } catch (error) {
    const reason = errorMessage(error).replace(/^invalid installer apiHost: /, '');
    throw new Error(`--public-url: ${reason}`);
  }
}
