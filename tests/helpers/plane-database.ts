import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DATABASE_FILE_NAME } from '../../src-control-plane/store/database.js';
import { postgresTypes } from '../../src-control-plane/store/open-postgres.js';

/**
 * Straight SQL on a running control plane's database, whichever it runs on: tests read what the
 * server stored, or set up a state no API makes (an expired token). Statements use `?` placeholders
 * and SQL both dialects run.
 */
export interface PlaneDatabase {
  all<T>(statement: string, ...params: unknown[]): Promise<T[]>;
  run(statement: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export interface PlaneLocation {
  dataDir: string;
  databaseUrl: string | undefined;
}

export function openPlaneDatabase(plane: PlaneLocation): PlaneDatabase {
  return plane.databaseUrl === undefined ? sqlite(plane.dataDir) : postgres(plane.databaseUrl);
}

function sqlite(dataDir: string): PlaneDatabase {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME));
  db.pragma('busy_timeout = 5000');
  return {
    all: <T>(statement: string, ...params: unknown[]) =>
      Promise.resolve(db.prepare(statement).all(...params) as T[]),
    run: (statement, ...params) => {
      db.prepare(statement).run(...params);
      return Promise.resolve();
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

function postgres(url: string): PlaneDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 2, types: postgresTypes });
  const numbered = (statement: string) => {
    let n = 0;
    return statement.replace(/\?/g, () => `$${++n}`);
  };
  return {
    all: async <T>(statement: string, ...params: unknown[]) =>
      (await pool.query(numbered(statement), params)).rows as T[],
    run: async (statement, ...params) => {
      await pool.query(numbered(statement), params);
    },
    close: () => pool.end(),
  };
}

/**
 * Every byte the database keeps on disk for this control plane: the SQLite file with its WAL and
 * shared memory, or (after a checkpoint) the PostgreSQL database's folder and the server's WAL.
 */
export async function databaseFileBytes(plane: PlaneLocation, postgresDataDir?: string): Promise<Buffer> {
  if (plane.databaseUrl === undefined) {
    const base = join(plane.dataDir, DATABASE_FILE_NAME);
    return Buffer.concat(filesUnder([base, `${base}-wal`, `${base}-shm`]).map((file) => readFileSync(file)));
  }
  if (postgresDataDir === undefined)
    throw new Error('the PostgreSQL data folder is needed to read its files');
  const client = new pg.Client({ connectionString: plane.databaseUrl });
  await client.connect();
  let oid: string;
  try {
    await client.query('checkpoint');
    const name = new URL(plane.databaseUrl).pathname.slice(1);
    const result = await client.query<{ oid: string }>(
      'select oid::text from pg_database where datname = $1',
      [name],
    );
    oid = result.rows[0]?.oid ?? '';
  } finally {
    await client.end();
  }
  const folders = [join(postgresDataDir, 'base', oid), join(postgresDataDir, 'pg_wal')];
  return Buffer.concat(filesUnder(folders).map((file) => readFileSync(file)));
}

function filesUnder(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return [];
    }
    if (stats.isFile()) return [path];
    if (!stats.isDirectory()) return [];
    return filesUnder(readdirSync(path).map((name) => join(path, name)));
  });
}
