import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** What the host gets of a job's output: text as the job printed it, and how many bytes it skipped. */
export type JobOutputSink = (jobId: string, text: string, skippedBytes: number) => void;

export interface JobOutputTailOptions {
  /** Coalesces the spool's many small growths into one link message per job per interval. */
  intervalMs?: number;
  /** Most bytes forwarded per job per interval; a job printing faster has the excess skipped. */
  maxBytesPerFlush?: number;
}

const MAX_FOLLOWED = 256;

interface Followed {
  spoolPath: string;
  forwarded: number;
  length: number;
}

/**
 * Follows each running job's spool and forwards what it grew by to the host, for the UI's live job
 * log. The spool on disk stays the record the control plane gets, byte for byte; this is only a
 * view, so it is bounded (a job printing 1 GB must not flood the IPC channel) and lossy by design:
 * what it skips it says it skipped.
 */
export class JobOutputTail {
  private readonly jobs = new Map<string, Followed>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  private readonly decoders = new Map<string, StringDecoder>();

  constructor(
    private readonly sink: JobOutputSink,
    options: JobOutputTailOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.maxBytes = options.maxBytesPerFlush ?? 64 * 1024;
  }

  grew(jobId: string, spoolPath: string, length: number): void {
    const job = this.jobs.get(jobId) ?? { spoolPath, forwarded: 0, length: 0 };
    job.length = Math.max(job.length, length);
    this.jobs.set(jobId, job);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Forwards everything pending now (also what the timer does). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const [jobId, job] of this.jobs) if (job.length > job.forwarded) this.forward(jobId, job);
    // A job keeps its offset while it may still grow; past this many, the caught-up ones go.
    if (this.jobs.size > MAX_FOLLOWED)
      for (const [jobId, job] of this.jobs) if (job.length === job.forwarded) this.forget(jobId);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.jobs.clear();
  }

  private forward(jobId: string, job: Followed): void {
    const pending = job.length - job.forwarded;
    const skipped = Math.max(0, pending - this.maxBytes);
    const start = job.forwarded + skipped;
    const bytes = Buffer.alloc(job.length - start);
    let read = 0;
    try {
      const fd = openSync(job.spoolPath, 'r');
      try {
        read = readSync(fd, bytes, 0, bytes.length, start);
      } finally {
        closeSync(fd);
      }
    } catch {
      // The spool went away (job acked and cleaned up): nothing more to show.
      this.forget(jobId);
      return;
    }
    job.forwarded = start + read;
    // One decoder per job keeps a character split across two flushes whole (a skip resets it).
    if (skipped > 0) this.decoders.delete(jobId);
    const decoder = this.decoders.get(jobId) ?? new StringDecoder('utf8');
    this.decoders.set(jobId, decoder);
    this.sink(jobId, decoder.write(bytes.subarray(0, read)), skipped);
  }

  private forget(jobId: string): void {
    this.jobs.delete(jobId);
    this.decoders.delete(jobId);
  }
}
