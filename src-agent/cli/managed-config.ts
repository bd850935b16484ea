import { join } from 'node:path';
import {
  MANAGED_CONFIG_FILE,
  MANAGED_TOKEN_PATH,
  parseManagedConfig,
  parseManagedToken,
} from '../../src-shared/managed-config.js';
import { readIfPresent } from '../../src-node/files/read-if-present.js';

/**
 * The installer's files in the config folder (src-shared/managed-config.ts says what they hold).
 * Flags and environment variables win over these.
 */
export const MANAGED_TOKEN_FILE = join(...MANAGED_TOKEN_PATH);

export interface ManagedInputs {
  apiHost: string | null;
  agentId: string | null;
  token: string | null;
  /** Where the token came from, so the spent token can be deleted. */
  tokenFile: string | null;
}

/** Reads the managed config and token file; a file that is there but wrong is an error naming it. */
export async function readManagedInputs(
  configDir: string | null,
  tokenFile: string | null,
): Promise<ManagedInputs> {
  let config = { apiHost: null as string | null, agentId: null as string | null };
  if (configDir !== null) {
    const path = join(configDir, MANAGED_CONFIG_FILE);
    const text = await readIfPresent(path);
    if (text !== null) config = parseManagedConfig(text, path);
  }
  const tokenPath = tokenFile ?? (configDir === null ? null : join(configDir, MANAGED_TOKEN_FILE));
  const raw = tokenPath === null ? null : await readIfPresent(tokenPath);
  if (tokenFile !== null && raw === null) throw new Error(`the token file ${tokenFile} does not exist`);
  const token = raw === null || tokenPath === null ? null : parseManagedToken(raw, tokenPath);
  return { ...config, token, tokenFile: token === null ? null : tokenPath };
}
