import type { Store } from '../store/database.js';
import { ClusterRepository } from './cluster-repository.js';
import { clusterDb } from './cluster-tables.js';
import { encodeClusterMessage, type ClusterEvent } from './cluster-messages.js';
import { CLUSTER_CHANNEL } from './postgres-cluster-bus.js';

/**
 * Tells the running replicas of a PostgreSQL database about an event from outside them (the CLI
 * revoking a key offline). On SQLite there is nobody to tell: the server reads what the CLI wrote.
 */
export async function announceToReplicas(store: Store, origin: string, event: ClusterEvent): Promise<void> {
  if (store.dialect !== 'postgres') return;
  const repository = new ClusterRepository({
    db: clusterDb(store.db),
    replicaId: origin,
    now: Date.now,
    staleAfterMs: 0,
  });
  await repository.notify(CLUSTER_CHANNEL, encodeClusterMessage({ origin, event }));
}
