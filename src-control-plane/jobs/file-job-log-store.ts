import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_ID_PATTERN } from '../../src-shared/ids.js';
import { logPieces, type AppendResult, type JobLogStore, type LogBytes } from './job-log-store.js';

interface LogState {
  length: number;
  hash: Hash;
  /** Highest epoch that wrote here: an older lease's late write is refused. */
  epoch: number;
}

const READ_CHUNK = 1024 * 1024;

/**
 * One append-only file per job under `<dataDir>/job-logs/`. The file is the truth: its length is
 * the offset the store expects next, so a control plane killed between a write and anything else
 * restarts exactly where the bytes stop. Length and SHA-256 are kept in memory (rebuilt from the file
 * on first use) so a result's hash is checked without reading the log again. The work is synchronous
 * file I/O behind the async interface: one process owns the folder, and a small write costs less
 * than handing it to the thread pool.
 */
export class FileJobLogStore implements JobLogStore {
  private readonly states = new Map<string, LogState>();
  private readonly listeners = new Set<(jobId: string, bytes: number) => void>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  append(jobId: string, epoch: number, offset: number, bytes: LogBytes): Promise<AppendResult> {
    return Promise.resolve(this.appendNow(jobId, epoch, offset, logPieces(bytes)));
  }

  length(jobId: string): Promise<number> {
    return Promise.resolve(this.lengthNow(jobId));
  }

  lengths(jobIds: readonly string[]): Promise<Map<string, number>> {
    return Promise.resolve(new Map(jobIds.map((id) => [id, this.lengthNow(id)])));
  }

  sha256(jobId: string): Promise<string> {
    return Promise.resolve(this.state(jobId).hash.copy().digest('hex'));
  }

  read(jobId: string, start: number, end: number): Promise<Buffer> {
    return Promise.resolve(this.readNow(jobId, start, end));
  }

  onAppend(listener: (jobId: string, bytes: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private appendNow(
    jobId: string,
    epoch: number,
    offset: number,
    pieces: readonly Uint8Array[],
  ): AppendResult {
    const state = this.state(jobId);
    if (epoch < state.epoch) return { accepted: false, expectedOffset: state.length, reason: 'stale_epoch' };
    if (offset !== state.length) return { accepted: false, expectedOffset: state.length, reason: 'offset' };
    state.epoch = epoch;
    const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    if (bytes.length > 0) {
      const fd = openSync(this.pathOf(jobId), 'a', 0o600);
      try {
        // One write at the end: a partial write (disk full) throws before the state moves.
        let written = 0;
        while (written < bytes.length) {
          written += writeSync(fd, bytes, written, bytes.length - written);
        }
      } finally {
        closeSync(fd);
      }
      state.hash.update(bytes);
      state.length += bytes.length;
      for (const listener of this.listeners) listener(jobId, bytes.length);
    }
    return { accepted: true, nextOffset: state.length };
  }

  /** Cheap for a log not touched since start: a stat, not a read (job lists show every length). */
  private lengthNow(jobId: string): number {
    const known = this.states.get(jobId);
    if (known !== undefined) return known.length;
    const path = this.pathOf(jobId);
    return existsSync(path) ? statSync(path).size : 0;
  }

  private readNow(jobId: string, start: number, end: number): Buffer {
    const length = Math.max(0, Math.min(end, this.lengthNow(jobId)) - start);
    if (length === 0) return Buffer.alloc(0);
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.pathOf(jobId), 'r');
    try {
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buffer, done, length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return done === length ? buffer : buffer.subarray(0, done);
    } finally {
      closeSync(fd);
    }
  }

  private state(jobId: string): LogState {
    const known = this.states.get(jobId);
    if (known !== undefined) return known;
    const state = this.load(jobId);
    this.states.set(jobId, state);
    return state;
  }

  private load(jobId: string): LogState {
    const path = this.pathOf(jobId);
    const hash = createHash('sha256');
    if (!existsSync(path)) return { length: 0, hash, epoch: 0 };
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(READ_CHUNK, Math.max(1, size)));
      let position = 0;
      // Bounded by the file's size at open: appends only happen through this store.
      while (position < size) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
        if (n === 0) break;
        hash.update(buffer.subarray(0, n));
        position += n;
      }
      return { length: position, hash, epoch: 0 };
    } finally {
      closeSync(fd);
    }
  }

  private pathOf(jobId: string): string {
    // Ids reach here validated; this keeps a bad one from ever naming a path outside the folder.
    if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`not a job id: ${jobId.slice(0, 40)}`);
    return join(this.dir, `${jobId}.log`);
  }
}
