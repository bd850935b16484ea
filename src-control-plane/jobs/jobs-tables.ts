import type { Kysely, Selectable, Updateable } from 'kysely';
import type { StoreSchema } from '../store/schema.js';

/**
 * The jobs tables (migrations 0003 and 0004) as Kysely sees them. They are joined onto the store's schema with
 * `withTables`, so the shared schema file stays the agents' alone. Times are epoch ms.
 */
export interface JobsTable {
  id: string;
  name: string;
  status: string;
  /** JSON: StoredStep[] as submitted. */
  steps_json: string;
  target_agent_id: string | null;
  target_tags_json: string;
  target_capabilities_json: string;
  timeout_seconds: number | null;
  cancel_grace_seconds: number | null;
  agent_id: string | null;
  attempt: number;
  /** Bumped at every assignment: every write an agent makes about the job must carry the current one. */
  epoch: number;
  assigned_at: number | null;
  accept_deadline: number | null;
  accepted_at: number | null;
  lease_expires_at: number | null;
  cancel_requested_at: number | null;
  exit_code: number | null;
  /** JSON: StoredStepOutcome[] from the result; null before it. */
  step_results_json: string | null;
  /** JSON: a result whose log had not fully arrived yet; it is applied when the log catches up. */
  pending_result_json: string | null;
  log_sha256: string | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

export interface JobEventsTable {
  event_id: string;
  job_id: string;
  type: string;
  epoch: number;
  recorded_at: number;
}

export interface AgentJobSlotsTable {
  agent_id: string;
  slots: number;
  /** 0 while the agent is paused. */
  accepting: number;
  updated_at: number;
}

/** One row per log kept in the database (migration 0004), locked by every append to it. */
export interface JobLogsTable {
  job_id: string;
  /** Bytes stored: the offset the next chunk must start at. */
  length: number;
  /** The newest epoch that wrote here: an older lease's late write is refused. */
  epoch: number;
}

export interface JobLogChunksTable {
  job_id: string;
  start_offset: number;
  data: Buffer;
}

// A type alias, not an interface: `withTables` wants an index-compatible record.
export type JobsSchema = {
  jobs: JobsTable;
  job_events: JobEventsTable;
  agent_job_slots: AgentJobSlotsTable;
  job_logs: JobLogsTable;
  job_log_chunks: JobLogChunksTable;
};

export type JobsDb = Kysely<StoreSchema & JobsSchema>;
export type JobRow = Selectable<JobsTable>;
export type JobPatch = Updateable<JobsTable>;

// A type alias so it is assignable to the wire's loose step objects.
export type StoredStep = {
  name: string;
  run: string;
  env: Record<string, string>;
  timeout_seconds: number | null;
};

export interface StoredStepOutcome {
  name: string;
  status: string;
  exit_code: number | null;
}

export function jobsDb(db: Kysely<StoreSchema>): JobsDb {
  return db.withTables<JobsSchema>();
}

/** Statuses in which an agent holds (or is being offered) the job. */
export const HELD_STATUSES = ['assigned', 'running'] as const;

/** True while this agent holds the job under this epoch: only then may it write about the job. */
export function isHeldBy(row: JobRow, agentId: string, epoch: number): boolean {
  return (
    row.agent_id === agentId && row.epoch === epoch && (row.status === 'assigned' || row.status === 'running')
  );
}
