import { Migrator, sql, type Kysely } from 'kysely';
import { inCodeMigrationProvider } from './migrations/index.js';
import { openPostgres } from './open-postgres.js';
import { openSqlite } from './open-sqlite.js';
import type { StoreSchema } from './schema.js';
import { errorMessage } from '../../src-node/error-message.js';

export { DATABASE_FILE_NAME } from './open-sqlite.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** A PostgreSQL pool's connections now. */
export interface PoolStats {
  inUse: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface Store {
  db: Kysely<StoreSchema>;
  dialect: StoreDialect;
  /** Where the data lives, fit for a log line: the SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  /** `select 1`: readiness asks whether the database answers. */
  ping(): Promise<void>;
  /** PostgreSQL: its pool's connections (SQLite has one connection and no pool). */
  poolStats?: () => PoolStats;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…` selects PostgreSQL; unset keeps the embedded SQLite file under dataDir. */
  databaseUrl?: string;
}

/** Opens the database (SQLite under dataDir by default) and brings its schema up to date. */
export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  const opened =
    options.databaseUrl === undefined ? openSqlite(dataDir) : await openPostgres(options.databaseUrl);
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  const pool = 'pool' in opened ? opened.pool : undefined;
  return {
    db: opened.db,
    dialect: opened.dialect,
    location: opened.location,
    ...(pool === undefined
      ? {}
      : {
          poolStats: () => ({
            inUse: pool.totalCount - pool.idleCount,
            idle: pool.idleCount,
            waiting: pool.waitingCount,
          }),
        }),
    ping: async () => {
      await sql`select 1`.execute(opened.db);
    },
    close: () => opened.db.destroy(),
  };
}

async function migrateToLatest(db: Kysely<StoreSchema>): Promise<void> {
  const migrator = new Migrator({ db, provider: inCodeMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${errorMessage(error)}`, { cause: error });
  }
}
