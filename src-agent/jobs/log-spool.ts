import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync } from 'node:fs';
import { writeAll } from '../../src-node/files/durable-file.js';
import { truncationMarker } from './spool-markers.js';

export const DEFAULT_LOG_CAP_BYTES = 256 * 1024 * 1024;

/** What a result reports about the log: its exact length and SHA-256 (hex). */
export interface SpoolFacts {
  length: number;
  sha256: string;
  truncated: boolean;
}

export interface LogSpoolOptions {
  /** Most bytes of step output kept; agent marker lines do not count. */
  capBytes?: number;
  /** Told after every write, with the new length (the shipper wakes up on it). */
  onGrow?: (length: number) => void;
}

interface SpoolState {
  hash: Hash;
  length: number;
  outputBytes: number;
  endsWithNewline: boolean;
  truncated: boolean;
}

/**
 * A job's log on disk. Output goes straight into the file with a synchronous write, so memory stays
 * flat whatever a step prints and a slow disk slows the reader of the step's pipe (the step blocks on
 * a full pipe) instead of filling the agent's heap. Keeps the running SHA-256 and length so the result
 * needs no second pass over the file.
 */
export class LogSpool {
  private readonly hash: Hash;
  private readonly capBytes: number;
  private length: number;
  private outputBytes: number;
  private endsWithNewline: boolean;
  private truncated: boolean;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    state: SpoolState,
    private readonly options: LogSpoolOptions,
  ) {
    this.hash = state.hash;
    this.length = state.length;
    this.outputBytes = state.outputBytes;
    this.endsWithNewline = state.endsWithNewline;
    this.truncated = state.truncated;
    this.capBytes = options.capBytes ?? DEFAULT_LOG_CAP_BYTES;
    if (!Number.isInteger(this.capBytes) || this.capBytes < 0)
      throw new Error(`log cap must be a whole number of bytes, got ${this.capBytes}`);
  }

  /** A new, empty spool (an existing file at path is replaced). */
  static create(path: string, options: LogSpoolOptions = {}): LogSpool {
    const fd = openSync(path, 'w', 0o600);
    const state = {
      hash: createHash('sha256'),
      length: 0,
      outputBytes: 0,
      endsWithNewline: true,
      truncated: false,
    };
    return new LogSpool(path, fd, state, options);
  }

  /**
   * Reopens a spool a previous run left (crash recovery): hashes what is there and appends after it.
   * Everything already in the file counts against the cap, markers included (their share is not
   * known any more), which errs on the side of keeping less.
   */
  static async resume(path: string, options: LogSpoolOptions = {}): Promise<LogSpool> {
    const hash = createHash('sha256');
    let length = 0;
    let last = 0x0a;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      length += chunk.length;
      last = chunk[chunk.length - 1] ?? last;
    }
    const fd = openSync(path, 'a', 0o600);
    const cap = options.capBytes ?? DEFAULT_LOG_CAP_BYTES;
    const state = {
      hash,
      length,
      outputBytes: length,
      endsWithNewline: last === 0x0a,
      truncated: length >= cap,
    };
    return new LogSpool(path, fd, state, options);
  }

  /** Step output, as read from its pipe. Returns how many of its bytes were kept. */
  writeOutput(chunk: Buffer): number {
    this.assertOpen();
    if (chunk.length === 0) return 0;
    const room = Math.max(0, this.capBytes - this.outputBytes);
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    if (kept.length > 0) {
      this.append(kept);
      this.outputBytes += kept.length;
    }
    if (kept.length < chunk.length && !this.truncated) {
      this.truncated = true;
      this.writeMarker(truncationMarker(this.capBytes));
    }
    return kept.length;
  }

  /** An agent line (see spool-markers.ts); starts on a fresh line whatever the step left. */
  writeMarker(line: string): void {
    this.assertOpen();
    if (!this.endsWithNewline) this.append(Buffer.from('\n'));
    this.append(Buffer.from(line, 'utf8'));
  }

  facts(): SpoolFacts {
    return { length: this.length, sha256: this.hash.copy().digest('hex'), truncated: this.truncated };
  }

  /** Flushes to disk and closes; the facts stay readable. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private append(bytes: Buffer): void {
    writeAll(this.fd, bytes);
    this.hash.update(bytes);
    this.length += bytes.length;
    this.endsWithNewline = bytes[bytes.length - 1] === 0x0a;
    this.options.onGrow?.(this.length);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`spool ${this.path} is closed`);
  }
}
