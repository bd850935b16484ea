import { randomBytes } from 'node:crypto';
import { apiClient } from './control-plane-client.js';
import { startControlPlaneForAgents, type ControlPlaneForAgents } from './control-plane-for-agents.js';
import { testDatabaseUrl } from './postgres-databases.js';
import { startRoundRobinBalancer, type RoundRobinBalancer, type Target } from './replicas-balancer.js';

/**
 * Several control-plane replicas on one PostgreSQL database, each with its own data folder and the
 * same bootstrap API key, behind a round-robin TCP balancer (replicas-balancer.ts). `planes[i]`
 * talks to replica i directly. `viaBalancer` sends `api` calls through the balancer and names the
 * balancer as `cp.url`, so agents started with it (enrollRealAgent) connect through it; its
 * register/health/connected go to replica 0 (any replica answers them alike).
 */
export interface ReplicaSet {
  databaseUrl: string;
  apiKey: string;
  planes: ControlPlaneForAgents[];
  viaBalancer: ControlPlaneForAgents;
  balancer: RoundRobinBalancer;
  /** Balancer targets for replicas `indexes` (for setTargets). */
  targets(indexes?: number[]): Target[];
  /** Which replica index listens on `port` (from a URL the balancer or an agent names). */
  indexOfPort(port: number): number;
  /** Stops the balancer and every replica still running (SIGTERM, then SIGKILL), removing their folders. */
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  count: number;
  /** In Vitest's `integration-postgres` project a fresh database when unset; benches pass their own. */
  databaseUrl?: string;
  heartbeatSeconds?: number;
  args?: string[];
  env?: Record<string, string>;
}

export async function startReplicas(options: ReplicaOptions): Promise<ReplicaSet> {
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl());
  if (databaseUrl === undefined) throw new Error('replicas need PostgreSQL: run in integration-postgres');
  const apiKey = `replica-bootstrap-${randomBytes(24).toString('base64url')}`;
  const start = () =>
    startControlPlaneForAgents({
      databaseUrl,
      apiKey,
      heartbeatSeconds: options.heartbeatSeconds ?? 1,
      args: options.args ?? [],
      env: options.env ?? {},
    });
  const planes: ControlPlaneForAgents[] = [];
  let balancer: RoundRobinBalancer | null = null;
  const stop = async () => {
    await balancer?.close();
    await Promise.all(planes.map((plane) => plane.cp.stop({ graceMs: 5_000 })));
  };
  try {
    // The first replica migrates the fresh database alone; the rest then start side by side.
    planes.push(await start());
    const rest = await Promise.allSettled(Array.from({ length: options.count - 1 }, start));
    for (const outcome of rest) if (outcome.status === 'fulfilled') planes.push(outcome.value);
    const failed = rest.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const portOf = (plane: ControlPlaneForAgents) => Number(new URL(plane.cp.url).port);
    const targets = (indexes = planes.map((_, i) => i)) =>
      indexes.map((i) => ({ host: '127.0.0.1', port: portOf(planes[i] as ControlPlaneForAgents) }));
    balancer = await startRoundRobinBalancer(targets());
    const first = planes[0] as ControlPlaneForAgents;
    return {
      databaseUrl,
      apiKey,
      planes,
      viaBalancer: { ...first, cp: { ...first.cp, url: balancer.url }, api: apiClient(balancer.url, apiKey) },
      balancer,
      targets,
      indexOfPort: (port) => planes.findIndex((plane) => portOf(plane) === port),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
