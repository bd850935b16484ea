import type { Job, JobStatus, StepStatus } from '../../src-shared/jobs-api/jobs.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { JobRow, StoredStepOutcome, StoredStep } from './jobs-tables.js';

/** A row as the REST resource. Rows are only written by us, so the JSON columns parse. */
export function toJob(row: JobRow, logBytes: number): Job {
  const steps = JSON.parse(row.steps_json) as StoredStep[];
  const outcomes =
    row.step_results_json === null ? [] : (JSON.parse(row.step_results_json) as StoredStepOutcome[]);
  return {
    id: row.id,
    name: row.name,
    status: row.status as JobStatus,
    exit_code: row.exit_code,
    steps: steps.map((step, index) => ({
      ...step,
      status: (outcomes[index]?.status ?? 'pending') as StepStatus,
      exit_code: outcomes[index]?.exit_code ?? null,
    })),
    target: {
      agent_id: row.target_agent_id,
      tags: JSON.parse(row.target_tags_json) as string[],
      capabilities: JSON.parse(row.target_capabilities_json) as string[],
    },
    agent_id: row.agent_id,
    attempt: row.attempt,
    timeout_seconds: row.timeout_seconds,
    cancel_grace_seconds: row.cancel_grace_seconds,
    cancel_requested: row.cancel_requested_at !== null,
    log_bytes: logBytes,
    log_sha256: row.log_sha256,
    error: row.error,
    created_at: toApiTimestamp(row.created_at),
    started_at: row.started_at === null ? null : toApiTimestamp(row.started_at),
    finished_at: row.finished_at === null ? null : toApiTimestamp(row.finished_at),
  };
}
