import type { JobLogMessage } from '../../src-shared/agent-protocol/job-messages.js';
import type { JobEventRecorder } from './job-event-recorder.js';
import type { JobLogStore } from './job-log-store.js';
import type { JobsRepository } from './jobs-repository.js';
import { isHeldBy } from './jobs-tables.js';
import type { JobChannel } from './gateway-jobs.js';

export interface LogChunkWriterDeps {
  jobs: JobsRepository;
  logs: JobLogStore;
  recorder: JobEventRecorder;
  /** A held-back result was applied now that its log is complete. */
  finished(jobId: string, agentId: string): void;
}

/**
 * Stores a session's `job_log` chunks that were waiting together, and answers each with its own
 * `job_log_ack`. Chunks that follow each other in one job's log are stored as one append (one
 * transaction on a database store, where the commit, not the bytes, is what costs), so an agent
 * shipping a window of chunks does not wait for a commit per chunk.
 */
export class LogChunkWriter {
  constructor(private readonly deps: LogChunkWriterDeps) {}

  async store(agentId: string, messages: readonly JobLogMessage[], channel: JobChannel): Promise<void> {
    for (const run of sameLease(messages)) await this.storeRun(agentId, run, channel);
  }

  /** Chunks of one job under one epoch, in the order they came. */
  private async storeRun(agentId: string, run: JobLogMessage[], channel: JobChannel): Promise<void> {
    const first = run[0]!;
    const row = await this.deps.jobs.findById(first.job_id);
    const held = row !== undefined && isHeldBy(row, agentId, first.epoch);
    const answer = (message: JobLogMessage, accepted: boolean, nextOffset: number) =>
      channel.send({
        type: 'job_log_ack',
        job_id: message.job_id,
        epoch: message.epoch,
        accepted,
        next_offset: nextOffset,
        lease_void: !held,
      });
    if (!held) {
      const length = await this.deps.logs.length(first.job_id);
      for (const message of run) answer(message, false, length);
      return;
    }
    let stored = false;
    for (const group of contiguous(run)) {
      if (await this.storeGroup(group, answer)) stored = true;
    }
    // The result may have been held back while these bytes were on their way: asked after the
    // append, so a result committed meanwhile (on another replica, say) is seen.
    if (stored && (await this.deps.recorder.completePending(row.id, row.epoch))) {
      this.deps.finished(row.id, agentId);
    }
  }

  /**
   * One append for the group; when it is refused and holds more than one chunk (a resend that
   * overlaps stored bytes, say), chunk by chunk, so each gets the answer it would have alone.
   * True when any bytes were stored.
   */
  private async storeGroup(
    group: JobLogMessage[],
    answer: (message: JobLogMessage, accepted: boolean, nextOffset: number) => void,
  ): Promise<boolean> {
    const first = group[0]!;
    const pieces = group.map((message) => Buffer.from(message.data, 'base64'));
    const together = await this.deps.logs.append(first.job_id, first.epoch, first.offset, pieces);
    if (together.accepted) {
      group.forEach((message, i) => answer(message, true, message.offset + pieces[i]!.length));
      return true;
    }
    if (group.length === 1) {
      answer(first, false, together.expectedOffset);
      return false;
    }
    let stored = false;
    for (const [i, message] of group.entries()) {
      const alone = await this.deps.logs.append(message.job_id, message.epoch, message.offset, pieces[i]!);
      if (alone.accepted) stored = true;
      answer(message, alone.accepted, alone.accepted ? alone.nextOffset : alone.expectedOffset);
    }
    return stored;
  }
}

/** Splits into runs of consecutive chunks for the same job and epoch. */
function sameLease(messages: readonly JobLogMessage[]): JobLogMessage[][] {
  const runs: JobLogMessage[][] = [];
  for (const message of messages) {
    const last = runs.at(-1);
    const head = last?.[0];
    if (last !== undefined && head?.job_id === message.job_id && head.epoch === message.epoch)
      last.push(message);
    else runs.push([message]);
  }
  return runs;
}

/** Splits a run into groups whose chunks each start where the previous one ends. */
function contiguous(run: readonly JobLogMessage[]): JobLogMessage[][] {
  const groups: JobLogMessage[][] = [];
  let end = -1;
  for (const message of run) {
    const last = groups.at(-1);
    if (last !== undefined && message.offset === end) last.push(message);
    else groups.push([message]);
    end = message.offset + Buffer.byteLength(message.data, 'base64');
  }
  return groups;
}
