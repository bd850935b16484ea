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
  /**
   * Changes each time the bus starts listening again (messages sent meanwhile were missed); null
   * while it is not listening, or when it carries nothing from others (solo). A cache that other
   * replicas invalidate through the bus is trusted only while this stays the same and non-null.
   */
  deliveryEpoch(): number | null;
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

  /** Null: the CLI changes the SQLite file behind the server's back and announces nothing. */
  deliveryEpoch(): null {
    return null;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
