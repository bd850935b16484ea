import { JOB_LOG_CHUNK_MAX_BYTES } from '../../src-shared/agent-protocol/job-messages.js';

/** One piece of a job's log on the wire: bytes [offset, offset + data.length) of the spool. */
export interface LogChunk {
  jobId: string;
  offset: number;
  data: Buffer;
}

export interface LogShipperOptions {
  jobId: string;
  reader: { readChunk(offset: number, max: number): Promise<Buffer> };
  /** Hands a chunk to the session; false when there is no session (the shipper then waits). */
  send(chunk: LogChunk): boolean;
  /** A read failed or the server said something impossible; shipping goes on where it can. */
  onError(error: Error): void;
  /** Raw bytes per chunk; by default what one `job_log` frame may carry. */
  chunkBytes?: number;
  /** Most bytes sent and not yet acked: enough to fill the pipe, little to resend after a cut. */
  windowBytes?: number;
}

/**
 * Ships a spool by byte offset. The server is the truth about where the log stands: it accepts only
 * the next offset and otherwise answers with the one it expects, and on every (re)connect it says
 * which offset it expects; the shipper resumes from exactly there. So a chunk lost in a cut or sent
 * twice costs a resend, never a gap or a duplicate in the stored log.
 */
export class LogShipper {
  private available = 0;
  private acked = 0;
  private nextToSend = 0;
  private connected = false;
  private pumping = false;
  private dirty = false;
  /** Bumped when the send position is reset, so a read in flight for the old position is dropped. */
  private generation = 0;
  private readonly chunkBytes: number;
  private readonly windowBytes: number;

  constructor(private readonly options: LogShipperOptions) {
    this.chunkBytes = options.chunkBytes ?? JOB_LOG_CHUNK_MAX_BYTES;
    this.windowBytes = options.windowBytes ?? 4 * this.chunkBytes;
  }

  /** The spool now holds length bytes. */
  spoolGrew(length: number): void {
    if (length <= this.available) return;
    this.available = length;
    this.kick();
  }

  /** The server expects offset next (on connect, or after refusing an out-of-order chunk). */
  onExpectedOffset(offset: number): void {
    if (!this.validOffset(offset, 'expected offset')) return;
    this.generation += 1;
    this.acked = offset;
    this.nextToSend = offset;
    this.connected = true;
    this.kick();
  }

  /** The server stored everything before nextOffset. */
  onAck(nextOffset: number): void {
    if (!this.validOffset(nextOffset, 'acked offset')) return;
    this.acked = Math.max(this.acked, nextOffset);
    if (this.nextToSend < this.acked) this.nextToSend = this.acked;
    this.kick();
  }

  /** The session went away: stop until the next `onExpectedOffset`. */
  disconnected(): void {
    this.connected = false;
    this.generation += 1;
  }

  get ackedOffset(): number {
    return this.acked;
  }

  /** True once the server holds every byte of a spool of finalLength bytes. */
  allAcked(finalLength: number): boolean {
    return this.acked >= finalLength;
  }

  private validOffset(offset: number, what: string): boolean {
    if (Number.isSafeInteger(offset) && offset >= 0 && offset <= this.available) return true;
    this.options.onError(
      new Error(
        `${this.options.jobId}: server's ${what} ${offset} is outside the spool (0..${this.available})`,
      ),
    );
    return false;
  }

  private kick(): void {
    this.dirty = true;
    if (this.pumping) return;
    this.pumping = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      // Bounded: runs again only when something happened during the last pass.
      while (this.dirty) {
        this.dirty = false;
        await this.sendWhatFits();
      }
    } catch (error) {
      this.options.onError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      // In the same tick as the last check of dirty, so no kick falls between the two.
      this.pumping = false;
    }
  }

  private async sendWhatFits(): Promise<void> {
    // Bounded: every pass sends at least one byte, or breaks.
    while (
      this.connected &&
      this.nextToSend < this.available &&
      this.nextToSend - this.acked < this.windowBytes
    ) {
      const generation = this.generation;
      const offset = this.nextToSend;
      const data = await this.options.reader.readChunk(
        offset,
        Math.min(this.chunkBytes, this.available - offset),
      );
      if (generation !== this.generation) continue;
      if (data.length === 0) break;
      if (!this.options.send({ jobId: this.options.jobId, offset, data })) {
        this.disconnected();
        break;
      }
      this.nextToSend = offset + data.length;
    }
  }
}
