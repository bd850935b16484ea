import type {
  JobAcceptMessage,
  JobAssignMessage,
  JobResultMessage,
  JobStartMessage,
} from '../../src-shared/agent-protocol/index.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import { JobResult } from '../jobs/job-result.js';
import { parseJobSpec, type JobSpec } from '../jobs/job-spec.js';
import type { OutboxEvent } from '../jobs/outbox.js';

/**
 * The job core speaks camelCase and epoch ms; the wire speaks snake_case and API timestamps. These
 * two mappings are the whole border between them, kept pure so each field is tested once.
 */

/** The spec to run for an assignment; throws with the field's name when the server sent nonsense. */
export function specFromAssign(message: JobAssignMessage): JobSpec {
  return parseJobSpec({
    jobId: message.job_id,
    attempt: message.attempt,
    leaseEpoch: message.epoch,
    steps: message.steps.map((step) => ({
      name: step.name,
      run: step.run,
      env: step.env,
      ...(step.timeout_seconds === null ? {} : { timeoutSeconds: step.timeout_seconds }),
    })),
    ...(message.timeout_seconds === null ? {} : { timeoutSeconds: message.timeout_seconds }),
    ...(message.cancel_grace_seconds === null ? {} : { cancelGraceSeconds: message.cancel_grace_seconds }),
  });
}

export type OutboxWireMessage = JobAcceptMessage | JobStartMessage | JobResultMessage;

/** The frame for a queued outbox event; throws when the event's payload is not what its type needs. */
export function wireFromOutboxEvent(event: OutboxEvent): OutboxWireMessage {
  const epoch = event.payload.leaseEpoch;
  if (typeof epoch !== 'number')
    throw new Error(`outbox event ${event.id} (${event.type}) holds no lease epoch`);
  const base = { event_id: event.id, job_id: event.jobId, epoch };
  switch (event.type) {
    case 'accept':
      return { type: 'job_accept', ...base };
    case 'start': {
      const startedAt = event.payload.startedAt;
      if (typeof startedAt !== 'number')
        throw new Error(`outbox event ${event.id} (start) holds no start time`);
      return { type: 'job_start', ...base, started_at: toApiTimestamp(startedAt) };
    }
    case 'result': {
      const result = JobResult.parse(event.payload.result);
      return {
        type: 'job_result',
        ...base,
        status: result.status,
        exit_code: result.exitCode,
        steps: result.steps.map((s) => ({ name: s.name, status: s.status, exit_code: s.exitCode })),
        log_length: result.logLength,
        log_sha256: result.logSha256,
        log_truncated: result.logTruncated,
        started_at: result.startedAt === null ? null : toApiTimestamp(result.startedAt),
        finished_at: toApiTimestamp(result.finishedAt),
      };
    }
  }
}
