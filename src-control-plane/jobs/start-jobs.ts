import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Route } from '../http/route-table.js';
import { EventBus } from '../common/event-bus.js';
import type { IdFactory } from '../common/id-factory.js';
import type { StoreDialect } from '../store/database.js';
import type { StoreSchema } from '../store/schema.js';
import type { JobChangeBus } from './job-changes.js';
import { JobDispatch } from './job-dispatch.js';
import { JobEventRecorder } from './job-event-recorder.js';
import { DatabaseJobLogStore } from './database-job-log-store.js';
import { FileJobLogStore } from './file-job-log-store.js';
import type { JobLogStore } from './job-log-store.js';
import { JobLogsRepository } from './job-logs-repository.js';
import { jobRoutes } from './job-routes.js';
import { JobScheduler, type SweeperRole } from './job-scheduler.js';
import { JobService } from './job-service.js';
import { JobsRepository } from './jobs-repository.js';
import { LogAppendAnnouncer } from './log-append-announcer.js';
import { jobsDb, type JobsDb } from './jobs-tables.js';
import { LogResponder } from './log-responder.js';
import type { SchedulerPolicy } from './scheduler-rules.js';

export interface JobsOptions {
  db: Kysely<StoreSchema>;
  /** Which store holds job logs: files under dataDir on SQLite, rows on PostgreSQL (any replica reads them). */
  dialect: StoreDialect;
  dataDir: string;
  ids: Pick<IdFactory, 'jobId'>;
  audit: AuditTrail;
  logger: Logger;
  now: () => number;
  policy: SchedulerPolicy;
  /** How often the reaper looks for expired deadlines and leases. */
  reapIntervalMs?: number;
  /** With several replicas: whether this one reaps (default: always, a single control plane). */
  sweeper?: SweeperRole;
}

export interface Jobs {
  service: JobService;
  repository: JobsRepository;
  logs: JobLogStore;
  events: JobChangeBus;
  scheduler: JobScheduler;
  /** The jobs side of agent sessions: hand it to the gateway. */
  dispatch: JobDispatch;
  routes: Route[];
  close(): Promise<void>;
}

/** At most this often per job, `job.log_appended` tells followers elsewhere (other replicas) to read on. */
const LOG_APPENDED_INTERVAL_MS = 250;

/** Default dispatch policy; the lease follows the heartbeat interval (three missed heartbeats). */
export function defaultSchedulerPolicy(heartbeatIntervalSeconds: number): SchedulerPolicy {
  return { acceptTimeoutMs: 30_000, leaseMs: 3 * heartbeatIntervalSeconds * 1000, maxAttempts: 5 };
}

/** The jobs feature wired over the store: service, log store, scheduler with its reaper, routes. */
export function startJobs(options: JobsOptions): Jobs {
  const log = options.logger.child({ component: 'jobs' });
  const events: JobChangeBus = new EventBus((error, event) =>
    log.error({ err: error, event: event.type }, 'job event listener failed'),
  );
  const db = jobsDb(options.db);
  const repository = new JobsRepository(db);
  const logs = openJobLogStore(db, options.dialect, options.dataDir);
  const service = new JobService({
    jobs: repository,
    audit: options.audit,
    logs,
    events,
    ids: options.ids,
    now: options.now,
  });
  let dispatch: JobDispatch | null = null;
  const scheduler = new JobScheduler({
    jobs: repository,
    events,
    policy: options.policy,
    liveAgents: () => dispatch?.liveAgents() ?? [],
    now: options.now,
    log,
    sweeper: options.sweeper,
  });
  dispatch = new JobDispatch({
    jobs: repository,
    logs,
    recorder: new JobEventRecorder(repository, logs, options.policy.leaseMs, options.now),
    scheduler,
    events,
    leaseMs: options.policy.leaseMs,
    now: options.now,
    log,
  });
  const responder = new LogResponder({ logs, events, isFinished: (id) => service.isFinished(id) });
  const announcer = new LogAppendAnnouncer(
    (jobId) => events.emit({ type: 'job.log_appended', jobId }),
    LOG_APPENDED_INTERVAL_MS,
  );
  logs.onAppend((jobId) => announcer.appended(jobId));
  events.on('job.queued', () => void scheduler.kick());
  events.on('job.finished', () => void scheduler.kick());
  const reaper = setInterval(() => void scheduler.kick(), options.reapIntervalMs ?? 1000);
  reaper.unref();
  return {
    service,
    repository,
    logs,
    events,
    scheduler,
    dispatch,
    routes: jobRoutes(service, responder),
    close: async () => {
      clearInterval(reaper);
      announcer.close();
      responder.close();
      await scheduler.settled();
    },
  };
}

/**
 * Replicas on one PostgreSQL must all see every log, so there logs are rows; a single SQLite process
 * keeps them as files under its data folder (faster, and what its benchmarks measure).
 */
function openJobLogStore(db: JobsDb, dialect: StoreDialect, dataDir: string): JobLogStore {
  return dialect === 'postgres'
    ? new DatabaseJobLogStore(new JobLogsRepository(db))
    : new FileJobLogStore(join(dataDir, 'job-logs'));
}
