import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table shapes as Kysely sees them. Times are epoch milliseconds (the REST layer renders them);
 * JSON columns hold text. The agent columns after `revoke_reason` are filled by the agent session
 * (enrollment, heartbeats); the seed API only reads them.
 */
export interface AgentsTable {
  id: string;
  label: string;
  platform: string;
  status: string;
  tags_json: string;
  metadata_json: string;
  capabilities_json: string;
  enrollment_token_hash: string | null;
  token_expires_at: number | null;
  revoked_at: number | null;
  revoke_reason: string | null;
  created_at: number;
  updated_at: number;
  public_key: string | null;
  version: string | null;
  hostname: string | null;
  last_seen_at: number | null;
  connected_since: number | null;
  remote_ip: string | null;
  heartbeat_at: number | null;
  cpu_percent: number | null;
  memory_percent: number | null;
  disk_free_gb: number | null;
  active_jobs: number | null;
  queue_depth: number | null;
  last_error: string | null;
  /** When `last_error` last changed to its current value (null while it is null). */
  last_error_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** SHA-256 of the key's secret part, hex. */
  secret_hash: string;
  created_at: number;
  /** JSON array of scopes (migration 0006; earlier keys became `["admin"]`). */
  scopes_json: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface StoreSchema {
  agents: AgentsTable;
  api_keys: ApiKeysTable;
}

export type AgentRow = Selectable<AgentsTable>;
export type NewAgentRow = Insertable<AgentsTable>;
export type AgentPatch = Updateable<AgentsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
