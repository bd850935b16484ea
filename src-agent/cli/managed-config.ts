import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AgentId } from '../../src-shared/ids.js';

/**
 * What an installer leaves for the agent (resources/installers): `planasonix-agent.json` with the API
 * host and agent id in the config folder, and the one-time token in `enrollment/token` (0600), which
 * the agent deletes once it has enrolled. Flags and environment variables win over these.
 */
export const MANAGED_CONFIG_FILE = 'planasonix-agent.json';
export const MANAGED_TOKEN_FILE = join('enrollment', 'token');

const ManagedConfig = z.looseObject({ api_host: z.url().optional(), agent_id: AgentId.optional() });

export interface ManagedInputs {
  apiHost: string | null;
  agentId: string | null;
  token: string | null;
  /** Where the token came from, so the spent token can be deleted. */
  tokenFile: string | null;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Reads the managed config and token file; a file that is there but wrong is an error naming it. */
export async function readManagedInputs(
  configDir: string | null,
  tokenFile: string | null,
): Promise<ManagedInputs> {
  let apiHost: string | null = null;
  let agentId: string | null = null;
  if (configDir !== null) {
    const path = join(configDir, MANAGED_CONFIG_FILE);
    const text = await readIfPresent(path);
    if (text !== null) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${path} is not valid JSON`);
      }
      const parsed = ManagedConfig.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      apiHost = parsed.data.api_host ?? null;
      agentId = parsed.data.agent_id ?? null;
    }
  }
  const tokenPath = tokenFile ?? (configDir === null ? null : join(configDir, MANAGED_TOKEN_FILE));
  const raw = tokenPath === null ? null : await readIfPresent(tokenPath);
  const token = raw?.trim() || null;
  if (token !== null && !token.startsWith('plnx_enroll_')) {
    throw new Error(
      `${tokenPath ?? 'the token file'} does not hold an enrollment token (plnx_enroll_…; value not shown)`,
    );
  }
  if (tokenFile !== null && raw === null) throw new Error(`the token file ${tokenFile} does not exist`);
  return { apiHost, agentId, token, tokenFile: token === null ? null : tokenPath };
}
