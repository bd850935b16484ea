import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The column types a migration asks for, per dialect. On SQLite they are the names the first
 * migrations shipped with (so an existing file's schema is exactly what it was); on PostgreSQL
 * `integer` is 32-bit, too small for epoch milliseconds, and `real` is single precision, so both
 * widen there. Migrations use these instead of writing a type name themselves.
 */
export function columnTypes(db: Kysely<unknown>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    integer: postgres ? 'bigint' : 'integer',
    real: postgres ? 'double precision' : 'real',
    /** Raw bytes (job log chunks). */
    blob: postgres ? 'bytea' : 'blob',
  } as const;
}
