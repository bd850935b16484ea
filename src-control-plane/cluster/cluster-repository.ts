import { sql } from 'kysely';
import type { ClusterDb } from './cluster-tables.js';
import { REPLICA_APPLICATION_PREFIX, replicaApplicationName } from './replica-id.js';

/** Serializes replica registration, so exactly one replica can be "first after an outage". */
const REGISTER_LOCK_KEY = 0x706c6e79;

export interface ClusterRepositoryOptions {
  db: ClusterDb;
  replicaId: string;
  now: () => number;
  /** A replica whose row was not touched for this long is gone. */
  staleAfterMs: number;
}

/**
 * The cluster's SQL (PostgreSQL only: a single SQLite process has no peers). Each replica has a row
 * in `replicas` that it touches periodically; the sweeper reads the rows to tell which replicas are
 * gone. NOTIFY carries the cluster bus's messages.
 */
export class ClusterRepository {
  constructor(private readonly o: ClusterRepositoryOptions) {}

  /**
   * Adds this replica. When no other replica is alive, it started after a full outage (or is the
   * first ever): nobody renewed leases meanwhile, so it records that the sweeper owes a grace.
   * "Alive" is "holds a connection now" (every replica keeps its bus and lock connections open, named
   * by `replicaApplicationName`): a replica killed a moment ago still has a fresh `last_seen`, but
   * its connections went with it.
   */
  async register(): Promise<{ afterOutage: boolean }> {
    return this.o.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${REGISTER_LOCK_KEY})`.execute(trx);
      const now = this.o.now();
      const alive = await sql<{ pid: number }>`select pid from pg_stat_activity
        where datname = current_database()
          and application_name like ${`${REPLICA_APPLICATION_PREFIX}%`}
          and application_name <> ${replicaApplicationName(this.o.replicaId)}
        limit 1`.execute(trx);
      const afterOutage = alive.rows.length === 0;
      await trx
        .insertInto('replicas')
        .values({ id: this.o.replicaId, started_at: now, last_seen: now, grace_owed: afterOutage ? 1 : 0 })
        .execute();
      return { afterOutage };
    });
  }

  /** Says this replica is alive. A row the sweeper already removed (this replica stalled) comes back. */
  async touch(): Promise<void> {
    const now = this.o.now();
    await this.o.db
      .insertInto('replicas')
      .values({ id: this.o.replicaId, started_at: now, last_seen: now, grace_owed: 0 })
      .onConflict((c) => c.column('id').doUpdateSet({ last_seen: now }))
      .execute();
  }

  async leave(): Promise<void> {
    await this.o.db.deleteFrom('replicas').where('id', '=', this.o.replicaId).execute();
  }

  /** True once per outage: the first sweeper after it extends the leases nobody could renew. */
  async takeStartGrace(): Promise<boolean> {
    const taken = await this.o.db
      .updateTable('replicas')
      .set({ grace_owed: 0 })
      .where('grace_owed', '=', 1)
      .returning('id')
      .execute();
    return taken.length > 0;
  }

  /**
   * The sweeper's share: agents whose session is held by a replica that is gone are disconnected
   * (their agents reconnect elsewhere and claim again), and the gone replicas' rows are removed.
   * Gone means both silent (no touch within the stale window) and without a connection: a replica
   * that stalled but is still connected keeps its agents. Answers how many agents it marked.
   */
  async sweepGone(): Promise<number> {
    const cutoff = this.o.now() - this.o.staleAfterMs;
    const prefix = REPLICA_APPLICATION_PREFIX;
    return this.o.db.transaction().execute(async (trx) => {
      const alive = sql`(select id from replicas where last_seen >= ${cutoff}
        union select substr(application_name, ${prefix.length + 1}) from pg_stat_activity
          where datname = current_database() and application_name like ${`${prefix}%`})`;
      const marked = await sql`update agents set connected_since = null
        where connected_since is not null
          and (session_replica_id is null or session_replica_id not in ${alive})`.execute(trx);
      await sql`delete from replicas where id not in ${alive}`.execute(trx);
      return Number(marked.numAffectedRows ?? 0);
    });
  }

  /** Sends a NOTIFY through the pool (so publishing works while the bus's listener reconnects). */
  async notify(channel: string, payload: string): Promise<void> {
    await sql`select pg_notify(${channel}, ${payload})`.execute(this.o.db);
  }
}
