import type { ClusterMessage } from './cluster-messages.js';

export type ClusterListener = (message: ClusterMessage) => void;

/**
 * Messages between the replicas of one control plane. Delivery is best effort (a replica that is
 * reconnecting misses what was sent meanwhile); what must not be missed is also learnt from the
 * database (heartbeat writes, the reaper), so the bus is the fast path only.
 */
export interface ClusterBus {
  publish(message: ClusterMessage): Promise<void>;
  /** Every message from another replica (a replica's own messages never come back to it). */
  subscribe(listener: ClusterListener): () => void;
  close(): Promise<void>;
}

/** A single replica (SQLite): there is nobody to tell, so publishing does nothing. */
export class SoloClusterBus implements ClusterBus {
  publish(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
