import { sql, type Kysely } from 'kysely';
import type { AgentPatch, StoreSchema } from '../store/schema.js';
import type { ConnectFacts, HeartbeatRecord, SessionCredential, SessionStore } from './session-store.js';

/**
 * The gateway's reads and writes on the agents table. Every write is conditional on the agent still
 * being active, so a heartbeat or connect that races a revoke never writes over a revoked record.
 */
export class KyselySessionStore implements SessionStore {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  async credentialFor(agentId: string): Promise<SessionCredential | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .select(['status', 'public_key'])
      .where('id', '=', agentId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { status: row.status as SessionCredential['status'], publicKey: row.public_key };
  }

  async recordConnect(agentId: string, facts: ConnectFacts): Promise<void> {
    await this.updateActive(agentId, {
      version: facts.version,
      capabilities_json: JSON.stringify(facts.capabilities),
      remote_ip: facts.remoteIp,
      connected_since: facts.at,
      last_seen_at: facts.at,
      updated_at: facts.at,
    });
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

  async recordDisconnect(agentId: string): Promise<void> {
    await this.db.updateTable('agents').set({ connected_since: null }).where('id', '=', agentId).execute();
  }

  async recordHeartbeats(batch: readonly HeartbeatRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { agentId, at, heartbeat } of batch) {
        await trx
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
          .execute();
      }
    });
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
