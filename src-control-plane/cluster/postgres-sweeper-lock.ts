import type pg from 'pg';
import type { SweeperLock } from './sweeper-election.js';

/** The advisory lock key every replica of one database competes for ("plnx" in ASCII). */
export const SWEEPER_LOCK_KEY = 0x706c6e78;

/**
 * The sweeper lock as a PostgreSQL session-level advisory lock on a connection of its own: the
 * server drops the lock with the connection, so a replica that dies (kill -9) frees it at once.
 */
export class PostgresSweeperLock implements SweeperLock {
  private client: pg.Client | null = null;

  /** `newClient` answers a new, unconnected client; give it a short `query_timeout`. */
  constructor(private readonly newClient: () => pg.Client) {}

  async tryAcquire(): Promise<boolean> {
    const client = await this.connected();
    try {
      const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [
        SWEEPER_LOCK_KEY,
      ]);
      return result.rows[0]?.ok === true;
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  async stillHeld(): Promise<boolean> {
    if (this.client === null) return false;
    const result = await this.client.query<{ held: boolean }>(
      `select exists(select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
         and objid = $1 and granted) as held`,
      [SWEEPER_LOCK_KEY],
    );
    return result.rows[0]?.held === true;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connected(): Promise<pg.Client> {
    if (this.client !== null) return this.client;
    const client = this.newClient();
    // A dropped connection shows up on the next query; this only keeps the error from being uncaught.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }
}
