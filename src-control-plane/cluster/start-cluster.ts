import pg from 'pg';
import type { Logger } from 'pino';
import type { JobChangeBus } from '../jobs/job-changes.js';
import { SOLE_SWEEPER, type SweeperRole } from '../jobs/job-scheduler.js';
import type { AgentEventBus } from '../agents/agent-events.js';
import type { ApiKeyEventBus } from '../api-keys/api-key-events.js';
import type { Store } from '../store/database.js';
import { postgresTypes } from '../store/open-postgres.js';
import { SoloClusterBus, type ClusterBus } from './cluster-bus.js';
import { startClusterRelay } from './cluster-relay.js';
import { ClusterRepository } from './cluster-repository.js';
import { clusterDb } from './cluster-tables.js';
import { PostgresClusterBus } from './postgres-cluster-bus.js';
import { PeriodicTask } from '../common/periodic-task.js';
import { PostgresSweeperLock } from './postgres-sweeper-lock.js';
import { replicaApplicationName } from './replica-id.js';
import { SweeperElection } from './sweeper-election.js';

export interface ClusterTiming {
  /** How often each replica says it is alive (and the sweeper looks for gone replicas). */
  livenessMs: number;
  /** A replica silent this long is gone: the sweeper disconnects its agents. */
  staleAfterMs: number;
  /** How often followers try the sweeper lock (and the sweeper checks it still holds it). */
  electionMs: number;
}

export const DEFAULT_CLUSTER_TIMING: ClusterTiming = {
  livenessMs: 2_000,
  staleAfterMs: 10_000,
  electionMs: 1_000,
};

export interface ClusterOptions {
  store: Store;
  /** Needed on PostgreSQL: the bus and the sweeper lock hold connections of their own. */
  databaseUrl: string | undefined;
  replicaId: string;
  logger: Logger;
  now: () => number;
  timing?: Partial<ClusterTiming>;
  /** Each bus lag measured (a ping this replica sent itself, every liveness period). */
  onBusLag?: (seconds: number) => void;
}

/** This replica's place among the replicas sharing its database. */
export interface Cluster {
  replicaId: string;
  bus: ClusterBus;
  /** For the job scheduler: reap only while elected. */
  sweeper: SweeperRole;
  /** `sweeper` while this replica holds the sweeper lock (always, alone on SQLite). */
  role(): 'sweeper' | 'follower';
  /** Starts relaying the local events other replicas must see (call once every listener is on). */
  relay(agentEvents: AgentEventBus, jobEvents: JobChangeBus, keyEvents: ApiKeyEventBus): void;
  close(): Promise<void>;
}

/**
 * SQLite is one process: the solo bus, always the sweeper. PostgreSQL may have peers: this replica
 * registers in `replicas`, listens on the cluster bus, and joins the sweeper election.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.logger.child({ component: 'cluster', replica: options.replicaId });
  if (options.store.dialect === 'sqlite' || options.databaseUrl === undefined) {
    const bus = new SoloClusterBus();
    return {
      replicaId: options.replicaId,
      bus,
      sweeper: SOLE_SWEEPER,
      role: () => 'sweeper',
      relay: () => undefined,
      close: () => bus.close(),
    };
  }
  return startPostgresCluster(options, options.databaseUrl, log);
}

async function startPostgresCluster(options: ClusterOptions, url: string, log: Logger): Promise<Cluster> {
  const timing = { ...DEFAULT_CLUSTER_TIMING, ...options.timing };
  const newClient = () =>
    new pg.Client({
      connectionString: url,
      // Other replicas tell this one is alive by its named connections (see ClusterRepository.register).
      application_name: replicaApplicationName(options.replicaId),
      types: postgresTypes,
      query_timeout: 5_000,
      connectionTimeoutMillis: 5_000,
    });
  const repository = new ClusterRepository({
    db: clusterDb(options.store.db),
    replicaId: options.replicaId,
    now: options.now,
    staleAfterMs: timing.staleAfterMs,
  });
  const { afterOutage } = await repository.register();
  log.info({ afterOutage }, 'replica registered');
  const bus = new PostgresClusterBus({
    replicaId: options.replicaId,
    newClient,
    notify: (channel, payload) => repository.notify(channel, payload),
    log,
    onLag: options.onBusLag,
    now: options.now,
  });
  await bus.start();
  const election = new SweeperElection({
    lock: new PostgresSweeperLock(newClient),
    intervalMs: timing.electionMs,
    log,
  });
  await election.start();
  const liveness = new PeriodicTask(
    timing.livenessMs,
    async () => {
      await repository.touch();
      if (bus.listening) await bus.ping();
      if (election.term() === null) return;
      const marked = await repository.sweepGone();
      if (marked > 0) log.info({ agents: marked }, 'agents of gone replicas marked disconnected');
    },
    log,
  );
  let stopRelay: (() => void) | null = null;
  return {
    replicaId: options.replicaId,
    bus,
    sweeper: { term: () => election.term(), takeStartGrace: () => repository.takeStartGrace() },
    role: () => (election.term() === null ? 'follower' : 'sweeper'),
    relay: (agentEvents, jobEvents, keyEvents) => {
      stopRelay ??= startClusterRelay({
        replicaId: options.replicaId,
        bus,
        agentEvents,
        jobEvents,
        keyEvents,
        log,
      });
    },
    close: async () => {
      stopRelay?.();
      await liveness.stop();
      await election.stop();
      await bus.close();
      await repository
        .leave()
        .catch((error: unknown) => log.warn({ err: error }, 'leaving the replicas table failed'));
    },
  };
}
