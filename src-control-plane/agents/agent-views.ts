import type { AgentDetail, AgentHealth, AgentSummary, ConnectedAgent } from '../../src-shared/rest/agents.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { AgentRow } from '../store/schema.js';
import { healthStatus } from './health-status.js';

/** Rows to the published resource shapes. Rows are only ever written by us, so JSON columns parse. */
export function toAgentSummary(row: AgentRow): AgentSummary {
  return {
    id: row.id,
    label: row.label,
    platform: row.platform as AgentSummary['platform'],
    version: row.version,
    status: row.status as AgentSummary['status'],
    last_seen_at: optionalTimestamp(row.last_seen_at),
    created_at: toApiTimestamp(row.created_at),
  };
}

export function toAgentDetail(row: AgentRow): AgentDetail {
  return {
    ...toAgentSummary(row),
    tags: JSON.parse(row.tags_json) as string[],
    capabilities: JSON.parse(row.capabilities_json) as string[],
    metadata: JSON.parse(row.metadata_json) as AgentDetail['metadata'],
    token_expires_at: optionalTimestamp(row.token_expires_at),
    revoked_at: optionalTimestamp(row.revoked_at),
    revoke_reason: row.revoke_reason,
  };
}

export function toAgentHealth(row: AgentRow, now: number): AgentHealth {
  return {
    agent_id: row.id,
    status: healthStatus(
      {
        heartbeatAt: row.heartbeat_at,
        cpuPercent: row.cpu_percent,
        memoryPercent: row.memory_percent,
        diskFreeGb: row.disk_free_gb,
        lastError: row.last_error,
        lastErrorAt: row.last_error_at,
      },
      now,
    ),
    heartbeat_at: optionalTimestamp(row.heartbeat_at),
    cpu_percent: row.cpu_percent,
    memory_percent: row.memory_percent,
    disk_free_gb: row.disk_free_gb,
    active_jobs: row.active_jobs,
    queue_depth: row.queue_depth,
    last_error: row.last_error,
    accepting_jobs: null,
    job_slots: null,
  };
}

export function toConnectedAgent(row: AgentRow): ConnectedAgent {
  return {
    id: row.id,
    label: row.label,
    connected_since: toApiTimestamp(row.connected_since ?? row.created_at),
    remote_ip: row.remote_ip,
  };
}

function optionalTimestamp(epochMs: number | null): string | null {
  return epochMs === null ? null : toApiTimestamp(epochMs);
}
