import { FileCredentialStore } from '../identity/credential-store.js';
import { LocalStateFile } from '../identity/local-state.js';

export interface AgentStatus {
  enrolled: boolean;
  agent_id: string | null;
  api_host: string | null;
  enrolled_at: string | null;
  label: string | null;
  has_key: boolean;
  data_dir: string;
}

/** What the data folder says about this agent. The key itself is never read out, only its presence. */
export async function readStatus(dataDir: string): Promise<AgentStatus> {
  const state = LocalStateFile.inDataDir(dataDir).read();
  const key = await FileCredentialStore.inDataDir(dataDir).read();
  return {
    enrolled: state !== null && key !== null,
    agent_id: state?.agent_id ?? null,
    api_host: state?.api_host ?? null,
    enrolled_at: state?.enrolled_at ?? null,
    label: state?.label ?? null,
    has_key: key !== null,
    data_dir: dataDir,
  };
}

export function formatStatus(status: AgentStatus): string {
  if (!status.enrolled) {
    return `not enrolled (data folder ${status.data_dir}${status.has_key ? ', a stray key is present' : ''})`;
  }
  return [
    `enrolled as ${status.agent_id ?? '?'}${status.label ? ` (${status.label})` : ''}`,
    `api host:    ${status.api_host ?? '?'}`,
    `enrolled at: ${status.enrolled_at ?? '?'}`,
    `data folder: ${status.data_dir}`,
  ].join('\n');
}
