import { logPieces, type AppendResult, type JobLogStore, type LogBytes } from './job-log-store.js';
import type { JobLogsRepository, LogChunkRow } from './job-logs-repository.js';
import { LogPrefixHashes } from './log-prefix-hashes.js';

export interface DatabaseJobLogStoreOptions {
  /** Logs whose running SHA-256 is kept in memory (default 1024). */
  hashCapacity?: number;
}

/** How much of a log a hash catch-up reads at once: memory stays bounded however long the log. */
const HASH_READ_BYTES = 4 * 1024 * 1024;

/**
 * Job logs as rows, so every replica on one PostgreSQL serves and extends the same bytes. Each append
 * is one transaction that locks the log's row (`select … for update`), checks epoch and offset, inserts the chunk and moves
 * the length: two replicas racing for one job serialise on the lock, and only one chunk can ever
 * start at a given offset (it is also the chunk's primary key). The database is the truth for the
 * length on every call, so a follower's poll sees bytes another replica stored.
 */
export class DatabaseJobLogStore implements JobLogStore {
  private readonly listeners = new Set<(jobId: string, bytes: number) => void>();
  private readonly hashes: LogPrefixHashes;

  constructor(
    private readonly repository: JobLogsRepository,
    options: DatabaseJobLogStoreOptions = {},
  ) {
    this.hashes = new LogPrefixHashes(options.hashCapacity ?? 1024);
  }

  /** Several pieces cost one transaction (one commit to wait for) with a row per piece. */
  async append(jobId: string, epoch: number, offset: number, bytes: LogBytes): Promise<AppendResult> {
    const chunks: LogChunkRow[] = [];
    let end = offset;
    for (const piece of logPieces(bytes)) {
      if (piece.length === 0) continue;
      // A view, not a copy: the chunk's bytes are only read.
      const data = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
      chunks.push({ job_id: jobId, start_offset: end, data });
      end += piece.length;
    }
    const result = await this.repository.transaction(async (trx): Promise<AppendResult> => {
      const log = await trx.lock(jobId);
      if (epoch < log.epoch) return { accepted: false, expectedOffset: log.length, reason: 'stale_epoch' };
      if (offset !== log.length) return { accepted: false, expectedOffset: log.length, reason: 'offset' };
      if (chunks.length > 0) await trx.insertChunks(chunks);
      if (chunks.length > 0 || epoch !== log.epoch) await trx.setLength(jobId, end, epoch);
      return { accepted: true, nextOffset: end };
    });
    if (result.accepted && chunks.length > 0) {
      for (const chunk of chunks) this.hashes.stored(jobId, chunk.start_offset, chunk.data);
      const bytes = chunks.reduce((sum, chunk) => sum + chunk.data.length, 0);
      for (const listener of this.listeners) listener(jobId, bytes);
    }
    return result;
  }

  length(jobId: string): Promise<number> {
    return this.repository.length(jobId);
  }

  async lengths(jobIds: readonly string[]): Promise<Map<string, number>> {
    const lengths = new Map(jobIds.map((id) => [id, 0]));
    if (jobIds.length === 0) return lengths;
    for (const row of await this.repository.lengths(jobIds)) lengths.set(row.job_id, row.length);
    return lengths;
  }

  /**
   * From the running state this process keeps, caught up with whatever was stored past it (by
   * another replica, or before this process started) by streaming those chunks in order.
   */
  async sha256(jobId: string): Promise<string> {
    const length = await this.length(jobId);
    const state = this.hashes.take(jobId);
    // Bounded: each pass moves the state forward by the bytes it read, and stops when none came.
    while (state.length < length) {
      const from = state.length;
      const bytes = await this.read(jobId, from, Math.min(length, from + HASH_READ_BYTES));
      if (bytes.length === 0) break;
      // An append here may have extended the state while the read was in flight.
      if (state.length !== from) continue;
      state.hash.update(bytes);
      state.length += bytes.length;
    }
    return state.hash.copy().digest('hex');
  }

  /** Reads only the chunks that overlap the range: the one holding `start`, and those after it. */
  async read(jobId: string, start: number, end: number): Promise<Buffer> {
    if (end <= start) return Buffer.alloc(0);
    const rows = await this.repository.chunksOverlapping(jobId, start, end);
    const parts: Buffer[] = [];
    for (const row of rows) {
      const data = row.data;
      const from = Math.max(0, start - row.start_offset);
      const to = Math.min(data.length, end - row.start_offset);
      if (to > from) parts.push(data.subarray(from, to));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  onAppend(listener: (jobId: string, bytes: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
