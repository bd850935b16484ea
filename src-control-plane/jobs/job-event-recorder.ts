import type {
  JobAcceptMessage,
  JobEventAckMessage,
  JobResultMessage,
  JobStartMessage,
} from '../../src-shared/agent-protocol/job-messages.js';
import { FINISHED_JOB_STATUSES, type JobStatus } from '../../src-shared/jobs-api/jobs.js';
import type { JobLogStore } from './job-log-store.js';
import type { JobsRepository } from './jobs-repository.js';
import type { JobRow, StoredStepOutcome } from './jobs-tables.js';

type OutboxJobEvent = JobAcceptMessage | JobStartMessage | JobResultMessage;

/** The stored log as a result is checked against it; the hash only once the log is complete. */
interface StoredLog {
  length: number;
  sha256: string | null;
}

export interface RecordOutcome {
  ack: JobEventAckMessage;
  /** The job reached a final status with this event. */
  finished: boolean;
}

/**
 * Commits the agent's outbox events (accept, start, result) exactly once: the event id is stored in
 * the same transaction as the change it makes, so a replay finds it and is acked as a duplicate, and
 * the job's epoch fences out events from a lease that is gone. The ack is sent only after commit.
 */
export class JobEventRecorder {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly logs: JobLogStore,
    private readonly leaseMs: number,
    private readonly now: () => number,
  ) {}

  async record(agentId: string, event: OutboxJobEvent): Promise<RecordOutcome> {
    // Read before the transaction: a database log store reads on its own connection, which a
    // transaction waiting for it must not hold one of (a full pool would wait on itself).
    const log = event.type === 'job_result' ? await this.storedLog(event.job_id, event.log_length) : null;
    return this.jobs.transaction(async (trx) => {
      const ack = (outcome: JobEventAckMessage['outcome'], reason: string | null): JobEventAckMessage => ({
        type: 'job_event_ack',
        event_id: event.event_id,
        job_id: event.job_id,
        outcome,
        reason,
      });
      if (await trx.eventRecorded(event.event_id)) return { ack: ack('duplicate', null), finished: false };
      const row = await trx.findById(event.job_id);
      if (row === undefined) return { ack: ack('refused', 'unknown_job'), finished: false };
      if (row.agent_id !== agentId || row.epoch !== event.epoch) {
        return { ack: ack('refused', 'stale_epoch'), finished: false };
      }
      if (FINISHED_JOB_STATUSES.includes(row.status as JobStatus)) {
        return { ack: ack('refused', 'job_finished'), finished: false };
      }
      const finished = await this.apply(trx, row, event, log);
      await trx.recordEvent({
        event_id: event.event_id,
        job_id: event.job_id,
        type: event.type,
        epoch: event.epoch,
        recorded_at: this.now(),
      });
      return { ack: ack('recorded', null), finished };
    });
  }

  /**
   * A result held back because its log had not fully arrived: applied once the stored log reaches
   * the reported length. True when the job finished now. Called after appends, and once right after
   * a result was held back: the last bytes may have been stored (by another session, on another
   * replica) between the result's look at the log and its commit, and their append saw no result.
   */
  async completePending(jobId: string, epoch: number): Promise<boolean> {
    const held = await this.jobs.pendingResult(jobId);
    if (held === undefined || held.pending_result_json === null || held.epoch !== epoch) return false;
    const wanted = (JSON.parse(held.pending_result_json) as JobResultMessage).log_length;
    const log = await this.storedLog(jobId, wanted);
    if (log.sha256 === null) return false;
    return this.jobs.transaction(async (trx) => {
      const row = await trx.findById(jobId);
      if (row === undefined || row.pending_result_json === null || row.epoch !== epoch) return false;
      await this.finish(trx, row, JSON.parse(row.pending_result_json) as JobResultMessage, log);
      return true;
    });
  }

  private async storedLog(jobId: string, complete: number): Promise<StoredLog> {
    const length = await this.logs.length(jobId);
    return { length, sha256: length >= complete ? await this.logs.sha256(jobId) : null };
  }

  private async apply(
    trx: JobsRepository,
    row: JobRow,
    event: OutboxJobEvent,
    log: StoredLog | null,
  ): Promise<boolean> {
    const now = this.now();
    const lease = now + this.leaseMs;
    switch (event.type) {
      case 'job_accept':
        if (row.accepted_at === null) {
          await trx.updateAtEpoch(row.id, row.epoch, {
            accepted_at: now,
            lease_expires_at: lease,
            updated_at: now,
          });
        }
        return false;
      case 'job_start':
        await trx.updateAtEpoch(row.id, row.epoch, {
          status: 'running',
          accepted_at: row.accepted_at ?? now,
          started_at: row.started_at ?? Date.parse(event.started_at),
          lease_expires_at: lease,
          updated_at: now,
        });
        return false;
      case 'job_result':
        if (log === null || log.sha256 === null) {
          await trx.updateAtEpoch(row.id, row.epoch, {
            pending_result_json: JSON.stringify(event),
            updated_at: now,
          });
          return false;
        }
        await this.finish(trx, row, event, log);
        return true;
    }
  }

  /** Final status from the result, with the stored log checked against its length and hash. */
  private async finish(
    trx: JobsRepository,
    row: JobRow,
    result: JobResultMessage,
    log: StoredLog,
  ): Promise<void> {
    let error: string | null = null;
    if (log.length !== result.log_length) {
      error = `log_mismatch: the agent wrote ${result.log_length} bytes, the server holds ${log.length}`;
    } else if (log.sha256 !== result.log_sha256) {
      error = `log_mismatch: the stored log's SHA-256 differs from the agent's`;
    }
    const steps: StoredStepOutcome[] = result.steps.map((s) => ({
      name: s.name,
      status: s.status,
      exit_code: s.exit_code,
    }));
    const now = this.now();
    await trx.updateAtEpoch(row.id, row.epoch, {
      status: result.status,
      exit_code: result.exit_code,
      step_results_json: JSON.stringify(steps),
      pending_result_json: null,
      log_sha256: log.sha256,
      error,
      started_at: row.started_at ?? (result.started_at === null ? null : Date.parse(result.started_at)),
      finished_at: Date.parse(result.finished_at),
      lease_expires_at: null,
      updated_at: now,
    });
  }
}
