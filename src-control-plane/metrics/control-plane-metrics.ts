import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ENROLL_REFUSALS } from '../../src-shared/agent-protocol/index.js';
import { AgentStatus } from '../../src-shared/rest/agents.js';
import { JobStatus } from '../../src-shared/jobs-api/jobs.js';
import type { EnrollmentOutcome } from '../enrollment/enrollment-service.js';
import type { AnsweredRequest } from '../http/http-app.js';
import type { PoolStats } from '../store/database.js';

/** What the metrics read at scrape time (counts in the database, live state of this replica). */
export interface MetricSources {
  agentsByStatus(): Promise<ReadonlyMap<string, number>>;
  jobsByStatus(): Promise<ReadonlyMap<string, number>>;
  /** Agent sessions live on this replica. */
  sessions(): number;
  role(): 'sweeper' | 'follower';
  /** PostgreSQL only: whether the cluster bus listens (SQLite has no bus, and no such metrics). */
  busListening?: () => boolean;
  /** PostgreSQL only: the connection pool (SQLite has one connection). */
  pool?: () => PoolStats;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DISPATCH_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/**
 * Every metric of the control plane, on a registry of its own (not prom-client's global one), so
 * two control planes in one process never mix. docs/operations.md lists each with what to alert on.
 */
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  private readonly heartbeats: Counter;
  private readonly enrollments: Counter<'outcome'>;
  private readonly dispatch: Histogram;
  private readonly logBytes: Counter;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;
  private readonly busLag: Histogram | null = null;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'planasonix_agents',
      help: 'Registered agents by status (the whole database: every replica reports the same).',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await sources.agentsByStatus();
        for (const status of AgentStatus.options) this.set({ status }, counts.get(status) ?? 0);
      },
    });
    new Gauge({
      name: 'planasonix_agent_sessions',
      help: 'Agent sessions live on this replica.',
      registers,
      collect() {
        this.set(sources.sessions());
      },
    });
    this.heartbeats = new Counter({
      name: 'planasonix_agent_heartbeats_received_total',
      help: 'Heartbeats received by this replica.',
      registers,
    });
    this.enrollments = new Counter({
      name: 'planasonix_enrollments_total',
      help: 'Enrollment attempts on this replica by outcome (enrolled, or the refusal code).',
      labelNames: ['outcome'],
      registers,
    });
    // Every outcome from the start, so a rate over a refusal works before the first one happens.
    for (const outcome of ['enrolled', ...Object.keys(ENROLL_REFUSALS)]) this.enrollments.inc({ outcome }, 0);
    new Gauge({
      name: 'planasonix_jobs',
      help: 'Jobs by status (the whole database: every replica reports the same).',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await sources.jobsByStatus();
        for (const status of JobStatus.options) this.set({ status }, counts.get(status) ?? 0);
      },
    });
    this.dispatch = new Histogram({
      name: 'planasonix_job_dispatch_seconds',
      help: 'Time a job waited in the queue before this replica assigned it to an agent.',
      buckets: DISPATCH_BUCKETS,
      registers,
    });
    this.logBytes = new Counter({
      name: 'planasonix_job_log_bytes_stored_total',
      help: 'Job output bytes this replica stored.',
      registers,
    });
    this.requests = new Counter({
      name: 'planasonix_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'planasonix_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const { pool, busListening } = sources;
    if (pool !== undefined) {
      new Gauge({
        name: 'planasonix_db_pool_connections',
        help: 'PostgreSQL pool connections of this replica: in_use, idle, and requests waiting for one.',
        labelNames: ['state'],
        registers,
        collect() {
          const stats = pool();
          this.set({ state: 'in_use' }, stats.inUse);
          this.set({ state: 'idle' }, stats.idle);
          this.set({ state: 'waiting' }, stats.waiting);
        },
      });
    }
    new Gauge({
      name: 'planasonix_cluster_role',
      help: 'This replica’s role: 1 on the label it holds (one sweeper per database).',
      labelNames: ['role'],
      registers,
      collect() {
        const role = sources.role();
        this.set({ role: 'sweeper' }, role === 'sweeper' ? 1 : 0);
        this.set({ role: 'follower' }, role === 'follower' ? 1 : 0);
      },
    });
    if (busListening !== undefined) {
      new Gauge({
        name: 'planasonix_cluster_bus_listening',
        help: '1 while this replica listens on the cluster bus.',
        registers,
        collect() {
          this.set(busListening() ? 1 : 0);
        },
      });
      this.busLag = new Histogram({
        name: 'planasonix_cluster_bus_lag_seconds',
        help: 'Time a message on the cluster bus takes from NOTIFY to delivery (a ping to itself every 2 s).',
        buckets: LATENCY_BUCKETS,
        registers,
      });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  heartbeatReceived(): void {
    this.heartbeats.inc();
  }

  enrollment(outcome: EnrollmentOutcome): void {
    this.enrollments.inc({ outcome });
  }

  jobDispatched(queuedMs: number): void {
    this.dispatch.observe(queuedMs / 1000);
  }

  logBytesStored(bytes: number): void {
    this.logBytes.inc(bytes);
  }

  requestAnswered(answered: AnsweredRequest): void {
    const { method, route } = answered;
    this.requests.inc({ method, route, status: String(answered.status) });
    this.durations.observe({ method, route }, answered.seconds);
  }

  busLagMeasured(seconds: number): void {
    this.busLag?.observe(seconds);
  }
}
