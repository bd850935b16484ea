import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { inCodeMigrationProvider } from './migrations/index.js';
import type { StoreSchema } from './schema.js';

export const DATABASE_FILE_NAME = 'control-plane.sqlite';

export interface Store {
  db: Kysely<StoreSchema>;
  /** Absolute path of the SQLite file. */
  file: string;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite file under dataDir and brings its schema up to date.
 * WAL lets readers (a backup, the CLI's `api-keys create`) work beside the running server, and
 * busy_timeout makes a second writer wait instead of failing.
 */
export async function openStore(dataDir: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE_NAME);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, file, close: () => db.destroy() };
}

async function migrateToLatest(db: Kysely<StoreSchema>): Promise<void> {
  const migrator = new Migrator({ db, provider: inCodeMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      { cause: error },
    );
  }
}
