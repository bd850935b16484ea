import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describeDatabaseUrl } from './database-url.js';
import type { StoreSchema } from './schema.js';
import { errorMessage } from '../../src-node/error-message.js';

/** pg type ids: int8 (bigint, and every count(*)) and numeric. */
const INT8_OID = 20;

/**
 * Times are epoch milliseconds in bigint columns; pg hands int8 back as a string to be safe beyond
 * 2^53, which these values never reach, so they are parsed to numbers as the SQLite driver gives them.
 * Set on this pool only, so no other user of `pg` in the process is affected.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return Number;
  return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
}

export const postgresTypes = { getTypeParser };

export interface PostgresPoolOptions {
  /** Connections this process may hold (default 10). */
  maxConnections?: number;
}

/**
 * Connects to PostgreSQL and proves the connection works before anything else starts, so a wrong
 * URL or password fails the start with a message that names the server (never the password).
 */
export async function openPostgres(url: string, options: PostgresPoolOptions = {}) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    types: postgresTypes,
  });
  // An idle client losing its server (a failover, a restart) must not crash the process: the pool
  // drops it and the next query opens a fresh one.
  pool.on('error', () => undefined);
  const location = describeDatabaseUrl(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${location}: ${errorMessage(error)}`, { cause: error });
  }
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres' as const, location, pool };
}
