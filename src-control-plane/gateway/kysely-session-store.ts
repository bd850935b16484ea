import { sql, type Kysely } from 'kysely';
import { clusterDb, type ClusterDb } from '../cluster/cluster-tables.js';
import type { StoreDialect } from '../store/database.js';
import type { AgentPatch, StoreSchema } from '../store/schema.js';
import { writeHeartbeatsPostgres, writeHeartbeatsSqlite } from './heartbeat-batch.js';
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
export class KyselySessionStore implements SessionStore {
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
