import type { JobsDb } from './jobs-tables.js';

export interface LogChunkRow {
  job_id: string;
  start_offset: number;
  data: Buffer;
}

/** The SQL of job logs kept as rows (`job_logs`, `job_log_chunks`: migration 0004). */
export class JobLogsRepository {
  constructor(private readonly db: JobsDb) {}

  /** Runs `work` in one transaction, with a repository whose statements are part of it. */
  transaction<T>(work: (logs: JobLogsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new JobLogsRepository(trx)));
  }

  /**
   * The log's row, created on its first append and held locked (`select … for update`) until the
   * transaction ends. Only inside `transaction`.
   */
  async lock(jobId: string): Promise<{ length: number; epoch: number }> {
    const select = () =>
      this.db
        .selectFrom('job_logs')
        .select(['length', 'epoch'])
        .where('job_id', '=', jobId)
        .forUpdate()
        .executeTakeFirst();
    const found = await select();
    if (found !== undefined) return found;
    // Two replicas may both find no row: the second insert waits for the first and does nothing.
    await this.db
      .insertInto('job_logs')
      .values({ job_id: jobId, length: 0, epoch: 0 })
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
    const created = await select();
    if (created === undefined) throw new Error(`job log row for ${jobId} vanished while appending`);
    return created;
  }

  async insertChunks(chunks: readonly LogChunkRow[]): Promise<void> {
    await this.db.insertInto('job_log_chunks').values(chunks).execute();
  }

  async setLength(jobId: string, length: number, epoch: number): Promise<void> {
    await this.db.updateTable('job_logs').set({ length, epoch }).where('job_id', '=', jobId).execute();
  }

  /** Bytes stored (0 for a log never written). */
  async length(jobId: string): Promise<number> {
    const row = await this.db
      .selectFrom('job_logs')
      .select('length')
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row?.length ?? 0;
  }

  /** The stored lengths of the logs that have a row; the others are absent. */
  async lengths(jobIds: readonly string[]): Promise<{ job_id: string; length: number }[]> {
    return this.db
      .selectFrom('job_logs')
      .select(['job_id', 'length'])
      .where('job_id', 'in', jobIds)
      .execute();
  }

  /** The chunks that overlap [start, end): the one holding `start`, and those after it, in order. */
  async chunksOverlapping(
    jobId: string,
    start: number,
    end: number,
  ): Promise<{ start_offset: number; data: Buffer }[]> {
    return this.db
      .selectFrom('job_log_chunks')
      .select(['start_offset', 'data'])
      .where('job_id', '=', jobId)
      .where('start_offset', '<', end)
      .where('start_offset', '>=', (eb) =>
        eb
          .selectFrom('job_log_chunks')
          .select((s) => s.fn.max('start_offset').as('first'))
          .where('job_id', '=', jobId)
          .where('start_offset', '<=', start),
      )
      .orderBy('start_offset')
      .execute();
  }
}
