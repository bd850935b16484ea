import type pg from 'pg';
import type { Logger } from 'pino';
import type { ClusterBus, ClusterListener } from './cluster-bus.js';
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './cluster-messages.js';
import { fullJitterDelayMs } from '../../src-shared/backoff.js';

export const CLUSTER_CHANNEL = 'planasonix_cluster';

export interface PostgresClusterBusOptions {
  replicaId: string;
  /** A new, unconnected client for the LISTEN connection (one per attempt). */
  newClient: () => pg.Client;
  /** Sends a NOTIFY (through the store's pool, so publishing works while the listener reconnects). */
  notify: (channel: string, payload: string) => Promise<void>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Seconds a `cluster.ping` this replica sent took to come back (the bus lag). */
  onLag?: (seconds: number) => void;
  now?: () => number;
  channel?: string;
  /** Reconnect delays (src-shared/backoff.ts): full jitter between a floor and base·2^n, capped. */
  retryBaseMs?: number;
  retryCapMs?: number;
}

type BusState =
  | { name: 'idle' }
  | { name: 'connecting'; client: pg.Client }
  | { name: 'listening'; client: pg.Client }
  | { name: 'waiting'; timer: NodeJS.Timeout }
  | { name: 'closed' };

/**
 * The cluster bus on PostgreSQL LISTEN/NOTIFY. The LISTEN side holds one dedicated connection (a
 * pooled one would drop the LISTEN when returned); when it drops, it reconnects with backoff and
 * listens again. Messages sent meanwhile are missed; the database paths cover them.
 */
export class PostgresClusterBus implements ClusterBus {
  private state: BusState = { name: 'idle' };
  private readonly listeners = new Set<ClusterListener>();
  private failures = 0;
  private epoch = 0;
  private readonly channel: string;

  constructor(private readonly options: PostgresClusterBusOptions) {
    this.channel = options.channel ?? CLUSTER_CHANNEL;
  }

  /** Resolves after the first attempt to listen (a failed one keeps retrying in the background). */
  start(): Promise<void> {
    return this.connect();
  }

  get listening(): boolean {
    return this.state.name === 'listening';
  }

  async publish(message: ClusterMessage): Promise<void> {
    await this.options.notify(this.channel, encodeClusterMessage(message));
  }

  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliveryEpoch(): number | null {
    return this.state.name === 'listening' ? this.epoch : null;
  }

  /** Sends a ping to this replica itself: `onLag` hears how long it took. */
  async ping(): Promise<void> {
    const sentAt = (this.options.now ?? Date.now)();
    await this.publish({ origin: this.options.replicaId, event: { type: 'cluster.ping', sentAt } });
  }

  async close(): Promise<void> {
    const previous = this.state;
    this.state = { name: 'closed' };
    if (previous.name === 'waiting') clearTimeout(previous.timer);
    if (previous.name === 'connecting' || previous.name === 'listening') {
      await previous.client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (this.state.name === 'closed') return;
    const client = this.options.newClient();
    this.state = { name: 'connecting', client };
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (note) => {
      if (note.channel === this.channel) this.deliver(note.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.state.name !== 'connecting' || this.state.client !== client) return;
    this.state = { name: 'listening', client };
    this.epoch += 1;
    if (this.failures > 0) this.options.log.info({ channel: this.channel }, 'cluster bus listening again');
    this.failures = 0;
  }

  private lost(client: pg.Client, error: unknown): void {
    const current = this.state;
    if ((current.name !== 'connecting' && current.name !== 'listening') || current.client !== client) return;
    client.end().catch(() => undefined);
    const delay = fullJitterDelayMs(
      this.failures,
      { baseMs: this.options.retryBaseMs ?? 200, capMs: this.options.retryCapMs ?? 5_000, floorMs: 50 },
      Math.random,
    );
    this.failures += 1;
    this.options.log.warn({ err: error, retryInMs: delay }, 'cluster bus connection lost');
    const timer = setTimeout(() => void this.connect(), delay);
    timer.unref();
    this.state = { name: 'waiting', timer };
  }

  private deliver(payload: string): void {
    const decoded = decodeClusterMessage(payload);
    if (!decoded.ok) {
      this.options.log.warn({ problem: decoded.problem }, 'dropped a cluster message');
      return;
    }
    const { origin, event } = decoded.message;
    if (event.type === 'cluster.ping') {
      // Only this replica's own pings mean anything here: the same clock sent and received them.
      if (origin === this.options.replicaId)
        this.options.onLag?.(((this.options.now ?? Date.now)() - event.sentAt) / 1000);
      return;
    }
    if (origin === this.options.replicaId) return;
    for (const listener of this.listeners) listener(decoded.message);
  }
}
