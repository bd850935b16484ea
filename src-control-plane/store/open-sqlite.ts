import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { StoreSchema } from './schema.js';

export const DATABASE_FILE_NAME = 'control-plane.sqlite';

/**
 * Opens (creating if needed) the SQLite file under dataDir. WAL lets readers (a backup, the CLI's
 * `api-keys create`) work beside the running server, and busy_timeout makes a second writer wait
 * instead of failing.
 */
export function openSqlite(dataDir: string) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE_NAME);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite' as const, location: file };
}
