import type { ServerResponse } from 'node:http';
import { ApiError } from '../http/api-error.js';
import type { JobChangeBus } from './job-changes.js';
import type { JobLogStore } from './job-log-store.js';

export interface LogResponderDeps {
  logs: JobLogStore;
  events: JobChangeBus;
  isFinished(jobId: string): Promise<boolean>;
}

const CHUNK = 256 * 1024;
/**
 * A follower re-checks the job this often even without news: a missed wake-up, or bytes another
 * replica stored (the length is read from the store, which is the database there), cost this, no more.
 */
const FOLLOW_POLL_MS = 2000;

/**
 * `GET /v1/jobs/{id}/logs`: the stored bytes as they are, from `Range: bytes=N-` if given (206), and
 * with `follow` kept open, written as bytes arrive, until the job ends. Validation happens before
 * the reply is taken over, so every refusal still leaves in the error envelope.
 */
export class LogResponder {
  private readonly followers = new Set<() => void>();
  /** Bumped by every wake-up, so news that came while a follower was busy is not slept through. */
  private generation = 0;
  private closed = false;

  constructor(private readonly deps: LogResponderDeps) {
    deps.logs.onAppend(() => this.wakeAll());
    deps.events.on('job.finished', () => this.wakeAll());
    deps.events.on('job.log_appended', () => this.wakeAll());
  }

  /** Throws an ApiError (before anything is sent) when the range cannot be served. */
  async check(jobId: string, start: number | null, follow: boolean): Promise<void> {
    const length = await this.deps.logs.length(jobId);
    if (start === null) return;
    if (start > length || (start === length && !follow)) {
      throw new ApiError(
        'range_not_satisfiable',
        `Range: starts at byte ${start} but the log holds ${length} bytes`,
        { 'content-range': `bytes */${length}` },
      );
    }
  }

  async send(res: ServerResponse, jobId: string, start: number | null, follow: boolean): Promise<void> {
    const length = await this.deps.logs.length(jobId);
    const from = start ?? 0;
    const headers: Record<string, string> = {
      'content-type': 'text/plain',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'accept-ranges': 'bytes',
    };
    if (!follow) {
      headers['content-length'] = String(length - from);
      if (start !== null) headers['content-range'] = `bytes ${from}-${length - 1}/${length}`;
      res.writeHead(start === null ? 200 : 206, headers);
      await this.pump(res, jobId, from, length);
      res.end();
      return;
    }
    res.writeHead(start === null ? 200 : 206, headers);
    await this.follow(res, jobId, from);
    res.end();
  }

  /** Ends every follower (server shutdown). */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  private async follow(res: ServerResponse, jobId: string, from: number): Promise<void> {
    let position = from;
    let gone = false;
    res.once('close', () => {
      gone = true;
      this.wakeAll();
    });
    // Bounded: ends when the job has ended and every byte is out, the client leaves, or we shut down.
    while (!gone && !this.closed) {
      const seen = this.generation;
      const finished = await this.deps.isFinished(jobId);
      position = await this.pump(res, jobId, position, await this.deps.logs.length(jobId));
      // Read after the pump: bytes stored while it wrote are sent before ending or sleeping.
      const caughtUp = position >= (await this.deps.logs.length(jobId));
      if (finished && caughtUp) return;
      if (caughtUp && seen === this.generation) await this.nextWake();
    }
  }

  /** Writes bytes [from, to) honouring backpressure; answers where it stopped. */
  private async pump(res: ServerResponse, jobId: string, from: number, to: number): Promise<number> {
    let position = from;
    while (position < to && !res.destroyed) {
      const chunk = await this.deps.logs.read(jobId, position, Math.min(to, position + CHUNK));
      if (chunk.length === 0) break;
      position += chunk.length;
      if (!res.write(chunk))
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
    }
    return position;
  }

  private nextWake(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.followers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, FOLLOW_POLL_MS);
      this.followers.add(wake);
    });
  }

  private wakeAll(): void {
    this.generation += 1;
    for (const wake of [...this.followers]) wake();
  }
}
