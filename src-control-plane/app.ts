import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { agentRoutes } from './agents/agent-routes.js';
import type { AgentEventBus } from './agents/agent-events.js';
import { AgentService, type EnrollmentTokenPolicy } from './agents/agent-service.js';
import { AgentsRepository } from './agents/agents-repository.js';
import type { ApiKeyEventBus } from './api-keys/api-key-events.js';
import { apiKeyRoutes } from './api-keys/api-key-routes.js';
import { ApiKeyService } from './api-keys/api-key-service.js';
import { ApiKeysRepository } from './api-keys/api-keys-repository.js';
import { AuditRepository } from './audit/audit-repository.js';
import { startAuditRetention } from './audit/audit-retention.js';
import { auditRoutes } from './audit/audit-routes.js';
import { AuditTrail } from './audit/audit-trail.js';
import type { RefusalRate } from './audit/refusal-limiter.js';
import { healthRoutes } from './cluster/health-routes.js';
import { Readiness } from './cluster/readiness.js';
import { newReplicaId } from './cluster/replica-id.js';
import { startCluster, type Cluster, type ClusterTiming } from './cluster/start-cluster.js';
import { EventBus } from './common/event-bus.js';
import { createIdFactory } from './common/id-factory.js';
import { EnrollmentRepository } from './enrollment/enrollment-repository.js';
import { enrollmentRoutes } from './enrollment/enrollment-routes.js';
import { EnrollmentService } from './enrollment/enrollment-service.js';
import type { AgentGateway } from './gateway/agent-gateway.js';
import { startAgentGateway } from './gateway/start-agent-gateway.js';
import { buildHttpApp } from './http/http-app.js';
import { installerRoutes } from './installer/installer-routes.js';
import { agentJobCounts } from './jobs/agent-job-counts.js';
import type { SchedulerPolicy } from './jobs/scheduler-rules.js';
import { defaultSchedulerPolicy, startJobs, type Jobs } from './jobs/start-jobs.js';
import { ControlPlaneMetrics } from './metrics/control-plane-metrics.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
import { openStore, type Store } from './store/database.js';

export interface ControlPlaneOptions {
  host: string;
  /** 0 binds a free port; read the real one from the result. */
  port: number;
  dataDir: string;
  /** `postgres://…` runs on PostgreSQL; unset keeps the SQLite file under dataDir. */
  databaseUrl?: string;
  logger: Logger;
  tokenPolicy: EnrollmentTokenPolicy;
  bootstrapApiKey?: string;
  version: string;
  bodyLimitBytes?: number;
  now?: () => number;
  /** How often agents heartbeat (default 20 s). */
  heartbeatIntervalSeconds?: number;
  /** Proxies (IPs or CIDR ranges) whose X-Forwarded-For names an agent's address. */
  trustedProxies?: readonly string[];
  /** Release packages served as installer downloads (unset: downloads answer 503). */
  releaseDir?: string;
  /** The URL install commands and installer configs carry (unset: the listen URL). */
  publicUrl?: string;
  /** Job dispatch timing; unset fields follow `defaultSchedulerPolicy`. */
  jobPolicy?: Partial<SchedulerPolicy>;
  /** This replica's id among those sharing a PostgreSQL database (default: random per start). */
  replicaId?: string;
  /** `drain()` closes agent sessions spread over this window (default 2 s). */
  drainWindowMs?: number;
  /** Replica liveness and sweeper election timing (PostgreSQL). */
  clusterTiming?: Partial<ClusterTiming>;
  /** Readiness fails when `select 1` takes longer (default 1 s). */
  readinessTimeoutMs?: number;
  /** Audit rows older than this many days are deleted (default 365; 0 keeps them forever). */
  auditRetentionDays?: number;
  /** How many refused requests the audit trail records (default: a burst of 100, then 5 a second). */
  auditRefusalRate?: RefusalRate;
  /** Also serve `GET /metrics` without a key on this address (a listener of its own). */
  metricsListen?: { host: string; port: number };
}

export interface ControlPlane {
  url: string;
  port: number;
  /** The listening server: the agent gateway attaches to its `upgrade` event. */
  server: Server;
  store: Store;
  agents: AgentService;
  apiKeys: ApiKeyService;
  audit: AuditTrail;
  metrics: ControlPlaneMetrics;
  /** `http://HOST:PORT/metrics` of --metrics-listen, when given. */
  metricsUrl: string | null;
  events: AgentEventBus;
  gateway: AgentGateway;
  jobs: Jobs;
  cluster: Cluster;
  readiness: Readiness;
  /** Set when this start created the first API key; the caller shows it once. */
  createdApiKey: string | null;
  /**
   * Before `close` on SIGTERM: readiness answers 503 at once, new agent sessions are refused, and the
   * live ones are told to reconnect elsewhere (`server_shutdown`), spread over the drain window.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_DRAIN_WINDOW_MS = 2_000;
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** Opens the store (migrating it), wires services and routes, and listens. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const now = options.now ?? Date.now;
  const { logger } = options;
  const store = await openStore(options.dataDir, { databaseUrl: options.databaseUrl });
  let cluster: Cluster | null = null;
  let metricsServer: MetricsServer | null = null;
  try {
    const replicaId = options.replicaId ?? newReplicaId();
    // The bus starts before the metrics exist; its lag samples reach them once they do.
    let metrics: ControlPlaneMetrics | null = null;
    cluster = await startCluster({
      store,
      databaseUrl: options.databaseUrl,
      replicaId,
      logger,
      now,
      timing: options.clusterTiming,
      onBusLag: (seconds) => metrics?.busLagMeasured(seconds),
    });
    const readiness = new Readiness({
      replicaId,
      pingDatabase: () => store.ping(),
      timeoutMs: options.readinessTimeoutMs ?? 1_000,
    });
    const startedCluster = cluster;
    const ids = createIdFactory(now);
    const heartbeatIntervalSeconds = options.heartbeatIntervalSeconds ?? 20;
    const events: AgentEventBus = new EventBus((error, event) =>
      logger.error({ err: error, event: event.type }, 'agent event listener failed'),
    );
    const auditRepository = new AuditRepository(store.db);
    const audit = new AuditTrail({
      repository: auditRepository,
      ids,
      now,
      log: logger.child({ component: 'audit' }),
      refusalRate: options.auditRefusalRate,
    });
    const keyEvents: ApiKeyEventBus = new EventBus((error, event) =>
      logger.error({ err: error, event: event.type }, 'api key event listener failed'),
    );
    const jobs = startJobs({
      db: store.db,
      dialect: store.dialect,
      dataDir: options.dataDir,
      ids,
      audit,
      logger,
      now,
      policy: { ...defaultSchedulerPolicy(heartbeatIntervalSeconds), ...options.jobPolicy },
      sweeper: cluster.sweeper,
    });
    const agents = new AgentService({
      agents: new AgentsRepository(store.db),
      audit,
      events,
      ids,
      tokenPolicy: options.tokenPolicy,
      now,
      jobCounts: (agentId) => agentJobCounts(jobs.repository, agentId),
    });
    const apiKeys = new ApiKeyService({
      apiKeys: new ApiKeysRepository(store.db),
      audit,
      ids,
      now,
      events: keyEvents,
      deliveryEpoch: () => startedCluster.bus.deliveryEpoch(),
      log: logger.child({ component: 'api-keys' }),
      bootstrapKey: options.bootstrapApiKey,
    });
    const createdApiKey = await apiKeys.ensureAnyKey();
    // Requests arrive only once listening, when the default (the listen URL) is known.
    let publicUrl = options.publicUrl ?? '';
    let gateway: AgentGateway | null = null;
    const postgres = store.dialect === 'postgres';
    const liveMetrics = new ControlPlaneMetrics({
      agentsByStatus: () => agents.statusCounts(),
      jobsByStatus: () => jobs.service.statusCounts(),
      sessions: () => gateway?.registry.size ?? 0,
      role: () => startedCluster.role(),
      ...(postgres ? { busListening: () => startedCluster.bus.deliveryEpoch() !== null } : {}),
      ...(store.poolStats === undefined ? {} : { pool: store.poolStats }),
    });
    metrics = liveMetrics;
    jobs.logs.onAppend((_jobId, bytes) => liveMetrics.logBytesStored(bytes));
    jobs.events.on('job.assigned', (event) => liveMetrics.jobDispatched(event.queuedMs));
    const enrollment = new EnrollmentService({
      repository: new EnrollmentRepository(store.db),
      audit,
      now,
      heartbeatIntervalSeconds,
      onOutcome: (outcome) => liveMetrics.enrollment(outcome),
    });
    // One route table: every feature's rows, registered, validated and documented the same way.
    const routes = [
      ...healthRoutes({
        now,
        replicaId,
        role: () => startedCluster.role(),
        readiness: () => readiness.check(),
      }),
      ...agentRoutes(agents),
      ...enrollmentRoutes(enrollment),
      ...jobs.routes,
      ...installerRoutes({ agents, releaseDir: options.releaseDir, publicUrl: () => publicUrl }),
      ...apiKeyRoutes(apiKeys),
      ...auditRoutes(auditRepository),
      ...metricsRoutes(liveMetrics),
    ];
    const app = buildHttpApp({
      routes,
      auth: {
        keys: apiKeys,
        onRefused: (refusal) =>
          audit.refused(refusal.caller, {
            action: refusal.code === 'unauthorized' ? 'auth.key_refused' : 'auth.scope_refused',
            target: refusal.route,
            detail: { scope: refusal.scope },
          }),
      },
      logger,
      version: options.version,
      bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      trustedProxies: options.trustedProxies,
      onAnswered: (answered) => liveMetrics.requestAnswered(answered),
    });
    const startedGateway = startAgentGateway({
      server: app.server,
      db: store.db,
      dialect: store.dialect,
      replicaId,
      events,
      logger,
      heartbeatIntervalSeconds,
      trustedProxies: options.trustedProxies ?? [],
      now,
      jobs: jobs.dispatch,
      onHeartbeat: () => liveMetrics.heartbeatReceived(),
    });
    gateway = startedGateway;
    cluster.relay(events, jobs.events, keyEvents);
    const retention = startAuditRetention({
      repository: auditRepository,
      retentionDays: options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
      isSweeper: () => startedCluster.role() === 'sweeper',
      now,
      log: logger.child({ component: 'audit' }),
    });
    await app.listen({ host: options.host, port: options.port });
    if (options.metricsListen !== undefined) {
      metricsServer = await startMetricsServer(liveMetrics, options.metricsListen, logger);
    }
    const startedMetricsServer = metricsServer;
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
    const url = `http://${hostInUrl}:${port}`;
    publicUrl = options.publicUrl ?? url;
    return {
      url,
      port,
      server: app.server,
      store,
      agents,
      apiKeys,
      audit,
      metrics: liveMetrics,
      metricsUrl: startedMetricsServer?.url ?? null,
      events,
      gateway: startedGateway,
      jobs,
      cluster: startedCluster,
      readiness,
      createdApiKey,
      drain: async () => {
        readiness.markDraining();
        await startedGateway.drain(options.drainWindowMs ?? DEFAULT_DRAIN_WINDOW_MS);
      },
      close: async () => {
        // Sessions first: upgraded sockets would otherwise hold the HTTP server's close open.
        await startedGateway.close();
        await jobs.close();
        // Waits for requests in flight; new ones are answered 503.
        await app.close();
        await startedMetricsServer?.close();
        await retention.stop();
        // Background writes (refusals, key use) land before the store goes.
        await apiKeys.settled();
        await audit.settled();
        await startedCluster.close();
        await store.close();
      },
    };
  } catch (error) {
    await metricsServer?.close();
    await cluster?.close();
    await store.close();
    throw error;
  }
}
