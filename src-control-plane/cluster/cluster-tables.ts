import type { Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema.js';

/** The agent columns migration 0005 added: who holds the agent's session. */
export interface AgentSessionColumns {
  /** The replica whose gateway holds (or last held) the session. */
  session_replica_id: string | null;
  session_id: string | null;
  /** Raised by every new session of the agent: the highest is the newest. */
  session_epoch: number | null;
}

export interface ReplicasTable {
  id: string;
  started_at: number;
  last_seen: number;
  /** 1 when this replica started while no other was alive: the sweeper then extends held leases once. */
  grace_owed: number;
}

// A type alias, not an interface: `withTables` wants an index-compatible record.
export type ClusterSchema = {
  agents: AgentSessionColumns;
  replicas: ReplicasTable;
};

export type ClusterDb = Kysely<StoreSchema & ClusterSchema>;

export function clusterDb(db: Kysely<StoreSchema>): ClusterDb {
  return db.withTables<ClusterSchema>();
}
