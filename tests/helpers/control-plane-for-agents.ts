import { apiClient, type ApiClient } from './control-plane-client.js';
import {
  startControlPlaneProcess,
  type ControlPlaneProcess,
  type StartOptions,
} from './control-plane-process.js';

/**
 * The real control-plane process set up for tests that drive agents (real or scripted): short
 * heartbeats, plus the REST calls those tests make against it.
 */
export interface ControlPlaneForAgents {
  cp: ControlPlaneProcess;
  api: ApiClient;
  /** Registers an agent and returns its id and one-time token. */
  register(label?: string): Promise<{ id: string; token: string }>;
  health(id: string): Promise<Record<string, unknown>>;
  connected(): Promise<{ id: string; connected_since: string; remote_ip: string }[]>;
}

export async function startControlPlaneForAgents(
  options: StartOptions & { heartbeatSeconds?: number } = {},
): Promise<ControlPlaneForAgents> {
  const cp = await startControlPlaneProcess({
    ...options,
    args: ['--heartbeat-interval', String(options.heartbeatSeconds ?? 1), ...(options.args ?? [])],
  });
  const api = apiClient(cp.url, cp.apiKey);
  const data = <T>(json: unknown): T => (json as { data: T }).data;
  return {
    cp,
    api,
    register: async (label = 'agent-under-test') => {
      const res = await api('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
      if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
      const d = data<{ id: string; enrollment_token: string }>(res.json);
      return { id: d.id, token: d.enrollment_token };
    },
    health: async (id) => data<Record<string, unknown>>((await api(`/api/agents/${id}/health`)).json),
    connected: async () =>
      data<{ id: string; connected_since: string; remote_ip: string }[]>(
        (await api('/api/agents/connected')).json,
      ),
  };
}
