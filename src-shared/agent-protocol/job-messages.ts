import { z } from 'zod';
import { JobId } from '../ids.js';
import { WireTimestamp } from './encodings.js';

/**
 * Job messages of the agent session (`docs/protocol.md`, Jobs). They join the message unions in `messages.ts`.
 *
 * Flow, server ⇄ agent (every agent write names the job's `epoch`; a write with any other epoch than
 * the job's current one is refused, so a late or replayed write from an old lease is harmless):
 *
 * 1. On every connect the agent sends `job_capacity` (its slots, whether it is paused) and
 *    `job_reconcile` (every job it holds: running, or with log bytes or events not yet acked). The
 *    server answers `job_reconcile_result`: for each, whether its lease stands (else the agent kills
 *    it and drops its files) and the log offset the server expects next. Leased jobs the agent did
 *    not list are given back by the server (requeued if never started, else `lost`).
 * 2. The server sends `job_assign` for each job it offers; the agent answers `job_accept` before
 *    `accept_deadline_ms` runs out (else the job goes back to the queue), then `job_start` when the
 *    first step starts. Offers not yet accepted are re-sent after `welcome` and every `heartbeat_ack`.
 * 3. Output ships as `job_log` chunks by byte offset; each is answered by `job_log_ack` with the offset
 *    the server expects next (`accepted: false` when the chunk was not at that offset).
 * 4. `job_accept`, `job_start`, `job_result` carry an `event_id` (the agent's outbox id) and are
 *    answered by `job_event_ack` once committed: `recorded`, `duplicate` (already committed: the
 *    replay is harmless) or `refused` (stale epoch, unknown job: final, drop the event).
 * 5. Every `heartbeat` renews the leases of the agent's accepted jobs; `welcome` and `heartbeat_ack`
 *    carry `intent.jobs` (see JobIntent), the server's whole view of what the agent should hold, and
 *    `intent.lease_seconds`: an agent that could not renew for that long cancels its jobs itself.
 * 6. `job_cancel` (also flagged in `intent.jobs[].cancel`) asks the agent to stop a job: TERM, the
 *    grace period, KILL; it then reports `job_result` with status `cancelled`.
 */

/** Largest raw chunk in one `job_log` frame (base64 makes it 4/3 bigger; the frame limit is 64 KiB). */
export const JOB_LOG_CHUNK_MAX_BYTES = 45 * 1024;

const Epoch = z.number().int().positive();
/** The agent's outbox event id (`evt_<uuid>`): the same on every replay. */
export const JobEventId = z
  .string()
  .regex(/^evt_[A-Za-z0-9-]{1,64}$/, 'must be an event id: "evt_" then 1-64 characters');
const Offset = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

// ---- server → agent --------------------------------------------------------------------------

export const JobAssignStep = z.looseObject({
  name: z.string(),
  run: z.string(),
  env: z.record(z.string(), z.string()),
  timeout_seconds: z.number().positive().nullable(),
});

export const JobAssignMessage = z.looseObject({
  type: z.literal('job_assign'),
  job_id: JobId,
  epoch: Epoch,
  attempt: z.number().int().positive(),
  name: z.string(),
  steps: z.array(JobAssignStep).min(1),
  timeout_seconds: z.number().positive().nullable(),
  cancel_grace_seconds: z.number().nonnegative().nullable(),
  /** Answer `job_accept` within this, or the job goes back to the queue. */
  accept_deadline_ms: z.number().int().nonnegative(),
});

export const JobCancelMessage = z.looseObject({
  type: z.literal('job_cancel'),
  job_id: JobId,
  epoch: Epoch,
});

export const JobLogAckMessage = z.looseObject({
  type: z.literal('job_log_ack'),
  job_id: JobId,
  epoch: Epoch,
  /** False when the chunk was not at the expected offset (or its lease is gone: see `lease_void`). */
  accepted: z.boolean(),
  /** The server holds every byte before this; ship from here. */
  next_offset: Offset,
  /** The server no longer leases this job to the agent: stop shipping and drop it. */
  lease_void: z.boolean(),
});

export const JobEventOutcome = z.enum(['recorded', 'duplicate', 'refused']);

export const JobEventAckMessage = z.looseObject({
  type: z.literal('job_event_ack'),
  event_id: JobEventId,
  job_id: JobId,
  outcome: JobEventOutcome,
  /** Why it was refused: `stale_epoch`, `unknown_job`, `job_finished`; null otherwise. */
  reason: z.string().nullable(),
});

export const ReconciledJob = z.looseObject({
  job_id: JobId,
  epoch: Epoch,
  /** `stands`: keep running and shipping; `void`: kill it and drop its spool and events. */
  lease: z.enum(['stands', 'void']),
  next_offset: Offset,
  cancel: z.boolean(),
});

export const JobReconcileResultMessage = z.looseObject({
  type: z.literal('job_reconcile_result'),
  jobs: z.array(ReconciledJob),
});

/** The jobs part of the intent snapshot (`welcome.intent`, `heartbeat_ack.intent`). */
export const JobIntentEntry = z.looseObject({
  job_id: JobId,
  epoch: Epoch,
  state: z.enum(['offered', 'accepted', 'running']),
  cancel: z.boolean(),
});
export const JobIntent = z.looseObject({
  jobs: z.array(JobIntentEntry),
  lease_seconds: z.number().positive(),
});
export type JobIntent = z.infer<typeof JobIntent>;

// ---- agent → server --------------------------------------------------------------------------

export const JobCapacityMessage = z.looseObject({
  type: z.literal('job_capacity'),
  /** How many jobs the agent runs at once. */
  slots: z.number().int().min(1).max(256),
  /** False while paused: no new work (running jobs finish). */
  accepting: z.boolean(),
});

export const JobAcceptMessage = z.looseObject({
  type: z.literal('job_accept'),
  event_id: JobEventId,
  job_id: JobId,
  epoch: Epoch,
});

export const JobStartMessage = z.looseObject({
  type: z.literal('job_start'),
  event_id: JobEventId,
  job_id: JobId,
  epoch: Epoch,
  started_at: WireTimestamp,
});

export const JobLogMessage = z.looseObject({
  type: z.literal('job_log'),
  job_id: JobId,
  epoch: Epoch,
  offset: Offset,
  /** base64 of at most JOB_LOG_CHUNK_MAX_BYTES bytes. */
  data: z.base64().max(Math.ceil(JOB_LOG_CHUNK_MAX_BYTES / 3) * 4),
});

export const JobStepResult = z.looseObject({
  name: z.string(),
  status: z.enum(['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'lost']),
  exit_code: z.number().int().nullable(),
});

export const JobResultMessage = z.looseObject({
  type: z.literal('job_result'),
  event_id: JobEventId,
  job_id: JobId,
  epoch: Epoch,
  status: z.enum(['succeeded', 'failed', 'cancelled', 'timed_out', 'lost']),
  exit_code: z.number().int().nullable(),
  steps: z.array(JobStepResult),
  /** The whole log's length and SHA-256: the server checks its copy against them. */
  log_length: Offset,
  log_sha256: Sha256Hex,
  log_truncated: z.boolean(),
  started_at: WireTimestamp.nullable(),
  finished_at: WireTimestamp,
});

export const HeldJob = z.looseObject({ job_id: JobId, epoch: Epoch });

export const JobReconcileMessage = z.looseObject({
  type: z.literal('job_reconcile'),
  jobs: z.array(HeldJob).max(1000),
});

/** Members of the session unions (see `messages.ts`). */
export const JOB_SERVER_MESSAGES = [
  JobAssignMessage,
  JobCancelMessage,
  JobLogAckMessage,
  JobEventAckMessage,
  JobReconcileResultMessage,
] as const;
export const JOB_AGENT_MESSAGES = [
  JobCapacityMessage,
  JobAcceptMessage,
  JobStartMessage,
  JobLogMessage,
  JobResultMessage,
  JobReconcileMessage,
] as const;

export type JobAssignMessage = z.infer<typeof JobAssignMessage>;
export type JobCancelMessage = z.infer<typeof JobCancelMessage>;
export type JobLogAckMessage = z.infer<typeof JobLogAckMessage>;
export type JobEventAckMessage = z.infer<typeof JobEventAckMessage>;
export type JobReconcileResultMessage = z.infer<typeof JobReconcileResultMessage>;
export type JobCapacityMessage = z.infer<typeof JobCapacityMessage>;
export type JobAcceptMessage = z.infer<typeof JobAcceptMessage>;
export type JobStartMessage = z.infer<typeof JobStartMessage>;
export type JobLogMessage = z.infer<typeof JobLogMessage>;
export type JobResultMessage = z.infer<typeof JobResultMessage>;
export type JobReconcileMessage = z.infer<typeof JobReconcileMessage>;
export type JobAgentMessage = z.infer<(typeof JOB_AGENT_MESSAGES)[number]>;
export type JobServerMessage = z.infer<(typeof JOB_SERVER_MESSAGES)[number]>;
