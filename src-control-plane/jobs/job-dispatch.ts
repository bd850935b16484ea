import type { Logger } from 'pino';
import type {
  JobAgentMessage,
  JobAssignMessage,
  JobIntent,
  JobLogMessage,
  JobReconcileMessage,
} from '../../src-shared/agent-protocol/job-messages.js';
import type { JobEventRecorder } from './job-event-recorder.js';
import type { JobChangeBus } from './job-changes.js';
import type { JobLogStore } from './job-log-store.js';
import type { JobScheduler } from './job-scheduler.js';
import type { JobsRepository } from './jobs-repository.js';
import { isHeldBy, type JobRow, type StoredStep } from './jobs-tables.js';
import { LogChunkWriter } from './log-chunk-writer.js';
import type { JobChannel, GatewayJobs } from './gateway-jobs.js';

export interface JobDispatchDeps {
  jobs: JobsRepository;
  logs: JobLogStore;
  recorder: JobEventRecorder;
  scheduler: JobScheduler;
  events: JobChangeBus;
  leaseMs: number;
  now: () => number;
  log: Pick<Logger, 'error' | 'warn'>;
}

type IntentEntry = JobIntent['jobs'][number];

/** Log chunks stored together at most: an agent's shipping window is 64. */
const LOG_BATCH_MAX = 64;

/**
 * The jobs side of every agent session. Intent lives in the store; this keeps a per-agent mirror of
 * it for the synchronous snapshot in `welcome`/`heartbeat_ack`, re-read after every change. Each
 * session's job messages are handled one after another, so an accept lands before its start and log
 * chunks reach the log store in the order they were sent. Log chunks that arrive while earlier work
 * runs wait together and are stored as one batch, still behind everything that came before them.
 */
export class JobDispatch implements GatewayJobs {
  private readonly channels = new Map<string, JobChannel>();
  private readonly queues = new WeakMap<JobChannel, Promise<void>>();
  private readonly mirror = new Map<string, IntentEntry[]>();
  /** Per session, the batch of log chunks queued and not yet started, which later chunks join. */
  private readonly openLogBatches = new WeakMap<JobChannel, JobLogMessage[]>();
  private readonly logWriter: LogChunkWriter;

  constructor(private readonly deps: JobDispatchDeps) {
    this.logWriter = new LogChunkWriter({
      jobs: deps.jobs,
      logs: deps.logs,
      recorder: deps.recorder,
      finished: (jobId, agentId) => this.finished(jobId, agentId),
    });
    deps.events.on('job.assigned', (e) => this.afterChange(e.agentId, () => this.offer(e.agentId, e.jobId)));
    deps.events.on('job.cancel_requested', (e) =>
      this.afterChange(e.agentId, () => {
        this.channels.get(e.agentId)?.send({ type: 'job_cancel', job_id: e.jobId, epoch: e.epoch });
        return Promise.resolve();
      }),
    );
    deps.events.on('job.finished', (e) => {
      if (e.agentId !== null) this.afterChange(e.agentId);
    });
    deps.events.on('job.queued', (e) => {
      if (e.fromAgentId !== undefined) this.afterChange(e.fromAgentId);
    });
  }

  /** Agents with a live session here: the only ones offered work. */
  liveAgents(): string[] {
    return [...this.channels.keys()];
  }

  intent(agentId: string): JobIntent {
    return { jobs: this.mirror.get(agentId) ?? [], lease_seconds: this.deps.leaseMs / 1000 };
  }

  loadIntent(agentId: string): Promise<void> {
    return this.refresh(agentId);
  }

  sessionLive(agentId: string, channel: JobChannel): void {
    this.channels.set(agentId, channel);
    this.afterChange(agentId, () => this.offerAll(agentId));
    void this.deps.scheduler.kick();
  }

  sessionClosed(agentId: string, channel: JobChannel): void {
    if (this.channels.get(agentId) === channel) this.channels.delete(agentId);
  }

  heartbeat(agentId: string, channel: JobChannel): void {
    // Heartbeats are the gateway's hot path: an agent holding nothing costs no query.
    if (!this.mirror.has(agentId)) return;
    this.enqueue(channel, async () => {
      await this.deps.jobs.renewLeases(agentId, this.deps.now() + this.deps.leaseMs);
      await this.offerAll(agentId);
    });
  }

  onMessage(agentId: string, message: JobAgentMessage, channel: JobChannel): void {
    if (message.type === 'job_log') this.queueLog(agentId, message, channel);
    else this.enqueue(channel, () => this.handle(agentId, message, channel));
  }

  private queueLog(agentId: string, message: JobLogMessage, channel: JobChannel): void {
    const open = this.openLogBatches.get(channel);
    if (open !== undefined && open.length < LOG_BATCH_MAX) {
      open.push(message);
      return;
    }
    const batch = [message];
    this.enqueue(channel, () => {
      // Started: chunks arriving from now on form the next batch.
      if (this.openLogBatches.get(channel) === batch) this.openLogBatches.delete(channel);
      return this.logWriter.store(agentId, batch, channel);
    });
    this.openLogBatches.set(channel, batch);
  }

  private async handle(
    agentId: string,
    message: Exclude<JobAgentMessage, JobLogMessage>,
    channel: JobChannel,
  ): Promise<void> {
    switch (message.type) {
      case 'job_capacity':
        await this.deps.jobs.setSlots(agentId, message.slots, message.accepting, this.deps.now());
        void this.deps.scheduler.kick();
        return;
      case 'job_accept':
      case 'job_start':
      case 'job_result': {
        const outcome = await this.deps.recorder.record(agentId, message);
        // The intent a heartbeat right after this ack is answered with must already show the change
        // (on PostgreSQL the re-read is a round trip, and the agent's next heartbeat can beat it).
        if (outcome.ack.outcome === 'recorded' && !outcome.finished) await this.refresh(agentId);
        channel.send(outcome.ack);
        // A result recorded without finishing the job waits for its log: look once more after commit.
        const finished =
          outcome.finished ||
          (message.type === 'job_result' &&
            outcome.ack.outcome === 'recorded' &&
            (await this.deps.recorder.completePending(message.job_id, message.epoch)));
        if (finished) this.finished(message.job_id, agentId);
        return;
      }
      case 'job_reconcile':
        return this.reconcile(agentId, message, channel);
    }
  }

  private async reconcile(agentId: string, message: JobReconcileMessage, channel: JobChannel): Promise<void> {
    const listed = new Map(message.jobs.map((job) => [job.job_id, job.epoch]));
    const results = [];
    for (const [jobId, epoch] of listed) {
      const row = await this.deps.jobs.findById(jobId);
      results.push({
        job_id: jobId,
        epoch,
        lease: row !== undefined && isHeldBy(row, agentId, epoch) ? ('stands' as const) : ('void' as const),
        next_offset: await this.deps.logs.length(jobId),
        cancel: row !== undefined && row.cancel_requested_at !== null,
      });
    }
    const forgotten = (await this.deps.jobs.heldBy(agentId)).filter((row) => !listed.has(row.id));
    await this.deps.scheduler.forget(forgotten);
    channel.send({ type: 'job_reconcile_result', jobs: results });
    await this.refresh(agentId);
  }

  /** Sends `job_assign` for every job offered to the agent and not yet accepted. */
  private async offerAll(agentId: string): Promise<void> {
    for (const row of await this.deps.jobs.heldBy(agentId)) {
      if (row.status === 'assigned' && row.accepted_at === null) this.sendAssign(agentId, row);
    }
  }

  private async offer(agentId: string, jobId: string): Promise<void> {
    const row = await this.deps.jobs.findById(jobId);
    if (row?.agent_id === agentId && row.status === 'assigned' && row.accepted_at === null) {
      this.sendAssign(agentId, row);
    }
  }

  private sendAssign(agentId: string, row: JobRow): void {
    const assign: JobAssignMessage = {
      type: 'job_assign',
      job_id: row.id,
      epoch: row.epoch,
      attempt: row.attempt,
      name: row.name,
      steps: JSON.parse(row.steps_json) as StoredStep[],
      timeout_seconds: row.timeout_seconds,
      cancel_grace_seconds: row.cancel_grace_seconds,
      accept_deadline_ms: Math.max(0, (row.accept_deadline ?? 0) - this.deps.now()),
    };
    this.channels.get(agentId)?.send(assign);
  }

  private finished(jobId: string, agentId: string): void {
    this.deps.events.emit({ type: 'job.finished', jobId, agentId });
  }

  /** Re-reads the agent's intent after a change, then runs `then` (errors are logged, not thrown). */
  private afterChange(agentId: string, then?: () => Promise<void>): void {
    const work = async () => {
      await this.refresh(agentId);
      await then?.();
    };
    work().catch((error: unknown) => this.deps.log.error({ err: error, agentId }, 'job dispatch failed'));
  }

  private async refresh(agentId: string): Promise<void> {
    const rows = await this.deps.jobs.heldBy(agentId);
    const entries = rows.map((row) => ({
      job_id: row.id,
      epoch: row.epoch,
      state:
        row.status === 'running'
          ? ('running' as const)
          : row.accepted_at === null
            ? ('offered' as const)
            : ('accepted' as const),
      cancel: row.cancel_requested_at !== null,
    }));
    if (entries.length === 0) this.mirror.delete(agentId);
    else this.mirror.set(agentId, entries);
  }

  private enqueue(channel: JobChannel, work: () => Promise<void>): void {
    // Log chunks that come after this work must be stored after it, not join a batch before it.
    this.openLogBatches.delete(channel);
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'job message failed'));
    this.queues.set(channel, next);
  }
}
