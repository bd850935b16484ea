import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Fresh databases on the PostgreSQL server that the `integration-postgres` project's global setup
 * started: each control plane a test starts gets its own, so tests never see each other's rows.
 */
export async function postgresAdminUrl(): Promise<string | undefined> {
  // Benches import the same helpers outside Vitest, where `inject` cannot run.
  if (process.env.VITEST === undefined) return undefined;
  const { inject } = await import('vitest');
  return inject('postgresAdminUrl');
}

/** The test server's data folder, in the `integration-postgres` project. */
export async function postgresDataDir(): Promise<string | undefined> {
  if (process.env.VITEST === undefined) return undefined;
  const { inject } = await import('vitest');
  return inject('postgresDataDir');
}

/** A fresh database's URL in the `integration-postgres` project; undefined (SQLite) elsewhere. */
export async function testDatabaseUrl(): Promise<string | undefined> {
  const adminUrl = await postgresAdminUrl();
  return adminUrl === undefined ? undefined : createTestDatabase(adminUrl);
}

/** Creates an empty database and answers its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set only in the `integration-postgres` project. */
    postgresAdminUrl?: string;
    postgresDataDir?: string;
  }
}
