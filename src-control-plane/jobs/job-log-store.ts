/** One piece of output, or several that follow each other. */
export type LogBytes = Uint8Array | readonly Uint8Array[];

/** The pieces of an append, in order. */
export function logPieces(bytes: LogBytes): readonly Uint8Array[] {
  return bytes instanceof Uint8Array ? [bytes] : bytes;
}

export type AppendResult =
  | { accepted: true; nextOffset: number }
  | { accepted: false; expectedOffset: number; reason: 'offset' | 'stale_epoch' };

/**
 * Where job output is kept: files under the data folder for a single SQLite process
 * (`FileJobLogStore`), rows in the database when replicas share PostgreSQL (`DatabaseJobLogStore`).
 * A log is append-only: bytes are accepted only at the offset the store expects next, and a write
 * from an older epoch than the newest that wrote is refused, so a lease that is gone cannot add to
 * the log.
 */
export interface JobLogStore {
  /**
   * Accepts bytes only at the next offset; otherwise answers the offset it expects. Several pieces
   * (chunks that follow each other) are stored in order as one append: all or none.
   */
  append(jobId: string, epoch: number, offset: number, bytes: LogBytes): Promise<AppendResult>;
  /** Bytes stored so far (0 for a job that has none). */
  length(jobId: string): Promise<number>;
  /** Lengths of many logs at once (a page of jobs costs one lookup, not one per job). */
  lengths(jobIds: readonly string[]): Promise<Map<string, number>>;
  /** SHA-256 (hex) of the whole stored log. */
  sha256(jobId: string): Promise<string>;
  /** Bytes [start, end) of the log (fewer if it is shorter). */
  read(jobId: string, start: number, end: number): Promise<Buffer>;
  /** Called with the job id and the bytes added after every append in this process that added some. */
  onAppend(listener: (jobId: string, bytes: number) => void): () => void;
}
