import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Job logs as rows, so every replica on one PostgreSQL sees the same bytes: one row per
 * log (its length and the newest epoch that wrote it, locked by each append) and its chunks in
 * offset order. Created on SQLite too so both dialects share one schema; a single SQLite process
 * keeps its logs in files under the data folder.
 */
export const jobLogs: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('job_logs')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('length', t.integer, (c) => c.notNull())
      .addColumn('epoch', t.integer, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('job_log_chunks')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('start_offset', t.integer, (c) => c.notNull())
      .addColumn('data', t.blob, (c) => c.notNull())
      .addPrimaryKeyConstraint('job_log_chunks_pk', ['job_id', 'start_offset'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('job_log_chunks').execute();
    await db.schema.dropTable('job_logs').execute();
  },
};
