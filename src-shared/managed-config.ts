import { z } from 'zod';
import { ApiHostUrl } from './api-host.js';
import { AgentId } from './ids.js';
import { parseJsonAs } from './parse-json.js';
import { ENROLLMENT_TOKEN_PATTERN } from './rest/tokens.js';

/**
 * What an installer leaves for the agent in the machine config folder (resources/installers):
 * `planasonix-agent.json` with the API host and agent id, and the one-time token in
 * `enrollment/token`, deleted once it is spent. The agent's CLI and the host both read them; the
 * callers read the files, these check what is in them.
 */
export const MANAGED_CONFIG_FILE = 'planasonix-agent.json';
export const MANAGED_TOKEN_PATH = ['enrollment', 'token'] as const;

const ManagedConfig = z.looseObject({ api_host: ApiHostUrl.optional(), agent_id: AgentId.optional() });

export interface ManagedConfigValues {
  apiHost: string | null;
  agentId: string | null;
}

/** The config file's values; an error naming the file (and the field) when it is not right. */
export function parseManagedConfig(text: string, path: string): ManagedConfigValues {
  const config = parseJsonAs(text, ManagedConfig, path);
  return { apiHost: config.api_host ?? null, agentId: config.agent_id ?? null };
}

/** The token file's token (null when it is empty); an error, never showing the value, when it is not one. */
export function parseManagedToken(text: string, path: string): string | null {
  const token = text.trim();
  if (token === '') return null;
  if (!ENROLLMENT_TOKEN_PATTERN.test(token)) {
    throw new Error(`${path} does not hold an enrollment token (plnx_enroll_…; value not shown)`);
  }
  return token;
}
