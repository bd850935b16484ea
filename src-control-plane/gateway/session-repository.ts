import { sql, type Kysely } from 'kysely';
import { clusterDb, type ClusterDb } from '../cluster/cluster-tables.js';
import type { StoreDialect } from '../store/database.js';
import type { AgentPatch, StoreSchema } from '../store/schema.js';
import type {
  ConnectFacts,
  HeartbeatRecord,
  SessionClaim,
  SessionCredential,
  SessionLoss,
  SessionStore,
} from './session-store.js';

/**
 * The gateway's reads and writes on the agents table. Every write is conditional on the agent still
 * being active, so a heartbeat or connect that races a revoke never writes over a revoked record;
 * heartbeats and disconnects are also conditional on the session still holding the agent, so a
 * replica whose session was taken over never writes over the newer one.
 */
export class SessionRepository implements SessionStore {
  private readonly db: ClusterDb;

  constructor(
    db: Kysely<StoreSchema>,
    private readonly dialect: StoreDialect,
    private readonly replicaId: string,
  ) {
    this.db = clusterDb(db);
  }

  async credentialFor(agentId: string): Promise<SessionCredential | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .select(['status', 'public_key'])
      .where('id', '=', agentId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { status: row.status as SessionCredential['status'], publicKey: row.public_key };
  }

  async recordConnect(agentId: string, facts: ConnectFacts): Promise<SessionClaim | null> {
    const row = await this.db
      .updateTable('agents')
      .set({
        version: facts.version,
        capabilities_json: JSON.stringify(facts.capabilities),
        remote_ip: facts.remoteIp,
        connected_since: facts.at,
        last_seen_at: facts.at,
        updated_at: facts.at,
        session_replica_id: this.replicaId,
        session_id: facts.sessionId,
        session_epoch: sql<number>`coalesce(session_epoch, 0) + 1`,
      })
      .where('id', '=', agentId)
      .where('status', '=', 'active')
      .returning('session_epoch')
      .executeTakeFirst();
    return row === undefined ? null : { epoch: row.session_epoch ?? 0 };
  }

  async recordCapabilities(
    agentId: string,
    facts: { at: number; version: string; capabilities: readonly string[] },
  ): Promise<void> {
    await this.updateActive(agentId, {
      version: facts.version,
      capabilities_json: JSON.stringify(facts.capabilities),
      last_seen_at: facts.at,
      updated_at: facts.at,
    });
  }

  async recordDisconnect(agentId: string, sessionId: string): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ connected_since: null })
      .where('id', '=', agentId)
      .where('session_id', '=', sessionId)
      .execute();
  }

  async recordHeartbeats(batch: readonly HeartbeatRecord[]): Promise<SessionLoss[]> {
    if (batch.length === 0) return [];
    const written =
      this.dialect === 'postgres'
        ? await writeHeartbeatsPostgres(this.db, batch)
        : await writeHeartbeatsSqlite(this.db, batch);
    const missing = batch.filter((record) => !written.has(record.agentId));
    return missing.length === 0 ? [] : this.lossesOf(missing);
  }

  /** Why each of these sessions no longer holds its agent (rare: one read when it happens). */
  private async lossesOf(records: readonly HeartbeatRecord[]): Promise<SessionLoss[]> {
    const rows = await this.db
      .selectFrom('agents')
      .select(['id', 'status', 'session_id'])
      .where(
        'id',
        'in',
        records.map((r) => r.agentId),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const losses: SessionLoss[] = [];
    for (const { agentId, sessionId } of records) {
      const row = byId.get(agentId);
      if (row === undefined) losses.push({ agentId, sessionId, close: 'deregistered' });
      else if (row.status !== 'active') losses.push({ agentId, sessionId, close: 'revoked' });
      else if (row.session_id !== sessionId) losses.push({ agentId, sessionId, close: 'superseded' });
    }
    return losses;
  }

  private async updateActive(agentId: string, patch: AgentPatch): Promise<void> {
    await this.db
      .updateTable('agents')
      .set(patch)
      .where('id', '=', agentId)
      .where('status', '=', 'active')
      .execute();
  }
}

/** Rows per statement on PostgreSQL: 9 parameters each stays far below its 65535-parameter limit. */
const POSTGRES_BATCH_ROWS = 1000;

/**
 * One UPDATE … FROM (VALUES …) per batch (per 1000 agents): ten thousand agents heartbeating are a
 * handful of statements per flush, not ten thousand. Answers the agents it wrote: those still active
 * and still held by the session that sent the heartbeat.
 */
async function writeHeartbeatsPostgres(
  db: ClusterDb,
  batch: readonly HeartbeatRecord[],
): Promise<Set<string>> {
  const written = new Set<string>();
  for (let start = 0; start < batch.length; start += POSTGRES_BATCH_ROWS) {
    const rows = batch.slice(start, start + POSTGRES_BATCH_ROWS).map(
      ({ agentId, sessionId, at, heartbeat: h }) =>
        sql`(${agentId}::text, ${sessionId}::text, ${at}::bigint, ${h.cpu_percent}::double precision,
          ${h.memory_percent}::double precision, ${h.disk_free_gb}::double precision,
          ${h.active_jobs}::bigint, ${h.queue_depth}::bigint, ${h.last_error}::text)`,
    );
    const result = await sql<{ id: string }>`
      update agents as a set
        heartbeat_at = v.at, last_seen_at = v.at, cpu_percent = v.cpu, memory_percent = v.mem,
        disk_free_gb = v.disk, active_jobs = v.active, queue_depth = v.depth, last_error = v.err,
        last_error_at = case when v.err is null then null
          when a.last_error is not distinct from v.err then a.last_error_at else v.at end
      from (values ${sql.join(rows)}) as v(id, session_id, at, cpu, mem, disk, active, depth, err)
      where a.id = v.id and a.status = 'active' and a.session_id = v.session_id
      returning a.id`.execute(db);
    for (const row of result.rows) written.add(row.id);
  }
  return written;
}

/** SQLite: one transaction of per-agent updates (a single writer; the file lock is the batch). */
async function writeHeartbeatsSqlite(db: ClusterDb, batch: readonly HeartbeatRecord[]): Promise<Set<string>> {
  const written = new Set<string>();
  await db.transaction().execute(async (trx) => {
    for (const { agentId, sessionId, at, heartbeat } of batch) {
      const row = await trx
        .updateTable('agents')
        .set({
          heartbeat_at: at,
          last_seen_at: at,
          cpu_percent: heartbeat.cpu_percent,
          memory_percent: heartbeat.memory_percent,
          disk_free_gb: heartbeat.disk_free_gb,
          active_jobs: heartbeat.active_jobs,
          queue_depth: heartbeat.queue_depth,
          last_error: heartbeat.last_error,
          // SET expressions read the row as it was, so this compares with the previous last_error.
          last_error_at:
            heartbeat.last_error === null
              ? null
              : sql<number>`case when last_error is not distinct from ${heartbeat.last_error} then last_error_at else ${at} end`,
        })
        .where('id', '=', agentId)
        .where('status', '=', 'active')
        .where('session_id', '=', sessionId)
        .returning('id')
        .executeTakeFirst();
      if (row !== undefined) written.add(row.id);
    }
  });
  return written;
}
