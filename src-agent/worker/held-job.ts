import { rmSync } from 'node:fs';
import { JOB_LOG_CHUNK_MAX_BYTES } from '../../src-shared/agent-protocol/index.js';
import type { JobExecution } from '../jobs/job-execution.js';
import type { JobPaths } from '../jobs/job-paths.js';
import { LogShipper, type LogChunk } from '../jobs/log-shipper.js';
import { SpoolReader } from '../jobs/spool-reader.js';

/**
 * Log bytes in flight before an ack: each `job_log` waits for its `job_log_ack`, so the window, not
 * the socket, sets the shipping rate (4 frames: 35 MB/s on loopback; 64 frames: see the README).
 * A cut costs at most this much resent.
 */
export const SHIP_WINDOW_BYTES = 64 * JOB_LOG_CHUNK_MAX_BYTES;

export interface HeldJobHooks {
  send(chunk: LogChunk, epoch: number): boolean;
  onError(jobId: string, error: Error): void;
}

/**
 * One job the agent holds and what it still owes the server: the run itself (none for a job found
 * by crash recovery), the log bytes not yet acked and the result's ack. Done when all three are.
 */
export class HeldJob {
  readonly shipper: LogShipper;
  private reader: Promise<SpoolReader> | null = null;
  private length = 0;
  private finalLength: number | null = null;
  private resultAckedFlag = false;
  private readonly finishWaiters: (() => void)[] = [];

  private constructor(
    readonly jobId: string,
    readonly epoch: number,
    private readonly spoolPath: string,
    private readonly execution: JobExecution | null,
    hooks: HeldJobHooks,
  ) {
    this.shipper = new LogShipper({
      jobId,
      reader: { readChunk: async (offset, max) => (await this.openReader()).readChunk(offset, max) },
      send: (chunk) => hooks.send(chunk, epoch),
      onError: (error) => hooks.onError(jobId, error),
      windowBytes: SHIP_WINDOW_BYTES,
    });
  }

  static fresh(execution: JobExecution, hooks: HeldJobHooks): HeldJob {
    return new HeldJob(
      execution.spec.jobId,
      execution.spec.leaseEpoch,
      execution.paths.spool,
      execution,
      hooks,
    );
  }

  /** From crash recovery: the spool is final; `resultAcked` when the server had the result already. */
  static recovered(
    jobId: string,
    epoch: number,
    spoolPath: string,
    spoolLength: number,
    resultAcked: boolean,
    hooks: HeldJobHooks,
  ): HeldJob {
    const job = new HeldJob(jobId, epoch, spoolPath, null, hooks);
    job.finished(spoolLength);
    if (resultAcked) job.resultAckedFlag = true;
    return job;
  }

  /** Steps still running (or about to): the job holds a slot and counts in `active_jobs`. */
  get running(): boolean {
    return this.execution !== null && this.finalLength === null;
  }

  get spoolLength(): number {
    return this.length;
  }

  /** The server has the result and every byte of the log: nothing is owed any more. */
  get done(): boolean {
    return this.finalLength !== null && this.resultAckedFlag && this.shipper.allAcked(this.finalLength);
  }

  spoolGrew(length: number): void {
    this.length = Math.max(this.length, length);
    this.shipper.spoolGrew(length);
  }

  /** The run ended with a spool of finalLength bytes (its result is in the outbox). */
  finished(finalLength: number): void {
    this.finalLength = finalLength;
    this.spoolGrew(finalLength);
    for (const waiter of this.finishWaiters.splice(0)) waiter();
  }

  onceFinished(callback: () => void): void {
    if (this.finalLength !== null) callback();
    else this.finishWaiters.push(callback);
  }

  /** Starts TERM, grace, KILL; false when nothing runs. */
  cancel(): boolean {
    return this.running && (this.execution?.cancel() ?? false);
  }

  resultAcked(): void {
    this.resultAckedFlag = true;
    this.execution?.resultAcked();
  }

  /** Closes the spool reader and removes the job's workspace and state (journal, spool). */
  removeFiles(paths: JobPaths): void {
    const reader = this.reader;
    this.reader = null;
    void reader?.then((r) => r.close()).catch(() => undefined);
    rmSync(paths.workspace, { recursive: true, force: true });
    rmSync(paths.stateDir, { recursive: true, force: true });
  }

  private openReader(): Promise<SpoolReader> {
    this.reader ??= SpoolReader.open(this.spoolPath);
    return this.reader;
  }
}
