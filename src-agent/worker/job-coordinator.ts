import type {
  AgentMessage,
  JobAssignMessage,
  JobEventAckMessage,
  JobLogAckMessage,
  JobReconcileResultMessage,
  JobServerMessage,
} from '../../src-shared/agent-protocol/index.js';
import { JobIntent } from '../../src-shared/agent-protocol/index.js';
import { systemBootMark } from '../jobs/boot-mark.js';
import { recoverJobs } from '../jobs/crash-recovery.js';
import { JobExecution, type JobExecutionDeps } from '../jobs/job-execution.js';
import { readJournal } from '../jobs/job-journal.js';
import { jobPaths, outboxDir } from '../jobs/job-paths.js';
import { JobSlots } from '../jobs/job-slots.js';
import { systemMonotonicClock, type MonotonicClock } from '../jobs/monotonic-clock.js';
import { Outbox } from '../jobs/outbox.js';
import { ProcessTree, systemProcessTreeDeps } from '../jobs/process-tree.js';
import type { Logger } from '../../src-node/logging/create-logger.js';
import type { WorkerJob } from '../../src-shared/worker-link.js';
import { HeldJob } from './held-job.js';
import { JobHistory } from './job-history.js';
import { specFromAssign, wireFromOutboxEvent } from './job-wire.js';

/** What the session gives the coordinator while it is up: a way to send (false when it cannot). */
export type SendJobMessage = (message: AgentMessage) => boolean;

export interface JobCoordinatorOptions {
  dataDir: string;
  slots: number;
  log: Logger;
  logCapBytes?: number;
  clock?: MonotonicClock;
  /** Told whenever the count of running jobs changes (for the host's snapshot and the heartbeat). */
  onJobsChanged?: () => void;
  /** Told whenever a job's spool grows (the host's live job log follows it from here). */
  onSpoolGrew?: (jobId: string, spoolPath: string, length: number) => void;
}

/**
 * The agent's jobs as the session sees them: every job it holds (running, or owing the server log
 * bytes or events), the outbox, the slots and the lease watchdog. It maps the session's job messages
 * onto the job core (`src-agent/jobs/`, see its README) and lives as long as the worker, across
 * sessions: a cut changes only whether there is someone to send to.
 */
export class JobCoordinator {
  private readonly held = new Map<string, HeldJob>();
  private readonly history = new JobHistory();
  private send: SendJobMessage | null = null;
  /** True once the server answered this session's reconcile: events wait for it. */
  private reconciled = false;
  private readonly sentThisSession = new Set<string>();
  private accepting = true;
  private lastRenewalAt: number;
  private leaseMs: number | null = null;
  private stopWatchdog: (() => void) | null = null;

  private constructor(
    private readonly o: JobCoordinatorOptions,
    private readonly outbox: Outbox,
    private readonly slots: JobSlots,
    private readonly execDeps: JobExecutionDeps,
  ) {
    this.lastRenewalAt = this.clock.now();
  }

  /** Opens the outbox and ends what a previous run left (crash recovery), before the first connect. */
  static async open(o: JobCoordinatorOptions): Promise<JobCoordinator> {
    const clock = o.clock ?? systemMonotonicClock;
    const outbox = Outbox.open(outboxDir(o.dataDir));
    const tree = new ProcessTree(systemProcessTreeDeps(clock));
    const bootMark = systemBootMark();
    const execDeps: JobExecutionDeps = {
      dataDir: o.dataDir,
      outbox,
      wallClock: () => Date.now(),
      bootMark,
      platform: process.platform,
      baseEnv: process.env,
      tree,
      clock,
      ...(o.logCapBytes === undefined ? {} : { logCapBytes: o.logCapBytes }),
    };
    const coordinator = new JobCoordinator(o, outbox, new JobSlots(o.slots), execDeps);
    execDeps.onSpoolGrew = (jobId, length) => {
      coordinator.held.get(jobId)?.spoolGrew(length);
      o.onSpoolGrew?.(jobId, jobPaths(o.dataDir, jobId).spool, length);
    };
    execDeps.onStateChanged = () => queueMicrotask(() => coordinator.flushOutbox());
    const report = await recoverJobs({ dataDir: o.dataDir, outbox, tree, bootMark, wallClock: Date.now });
    for (const bad of report.unreadable)
      o.log.error({ path: bad.path, err: bad.error }, 'a job journal cannot be read; left in place');
    for (const job of report.jobs) {
      const record = readJournal(jobPaths(o.dataDir, job.jobId).journal);
      if (!record) continue;
      coordinator.history.ended(job.jobId, job.result);
      o.log.warn(
        { jobId: job.jobId, recoveredAs: job.recoveredAs, processes: job.processes },
        'found a job of the previous run',
      );
      coordinator.held.set(
        job.jobId,
        HeldJob.recovered(
          job.jobId,
          record.leaseEpoch,
          job.spoolPath,
          job.spoolLength,
          job.recoveredAs === 'reported',
          coordinator.hooks(),
        ),
      );
    }
    coordinator.stopWatchdog = coordinator.scheduleWatchdog();
    return coordinator;
  }

  /** Jobs whose steps are running now. */
  get activeJobs(): number {
    let count = 0;
    for (const job of this.held.values()) if (job.running) count += 1;
    return count;
  }

  /** Jobs held: running, or owing the server a result or log bytes. */
  get heldJobs(): number {
    return this.held.size;
  }

  /** For the host: running jobs and the last few that ended, newest first. */
  get jobs(): WorkerJob[] {
    return this.history.list();
  }

  /** The host's cancel; false when no such job runs here. */
  cancelJob(jobId: string): boolean {
    const cancelled = this.held.get(jobId)?.cancel() ?? false;
    if (cancelled) this.o.log.info({ jobId }, "cancelling a job at the host's request");
    return cancelled;
  }

  get slotCount(): number {
    return this.slots.capacity;
  }

  /** The session is up (after `welcome`): say what we can take and what we hold. */
  attach(send: SendJobMessage): void {
    this.send = send;
    this.reconciled = false;
    this.sentThisSession.clear();
    this.lastRenewalAt = this.clock.now();
    send({ type: 'job_capacity', slots: this.slots.capacity, accepting: this.accepting });
    const jobs = [...this.held.values()]
      .slice(0, 1000)
      .map((job) => ({ job_id: job.jobId, epoch: job.epoch }));
    send({ type: 'job_reconcile', jobs });
  }

  detach(): void {
    this.send = null;
    this.reconciled = false;
    for (const job of this.held.values()) job.shipper.disconnected();
  }

  /** Pause (no new work, running jobs finish) or resume; the server hears it at once. */
  setAccepting(accepting: boolean): void {
    this.accepting = accepting;
    this.send?.({ type: 'job_capacity', slots: this.slots.capacity, accepting });
  }

  /** Cancels every running job (a second SIGTERM, or a lease the agent could not renew). */
  cancelAll(why: string): void {
    for (const job of this.held.values())
      if (job.cancel()) this.o.log.warn({ jobId: job.jobId }, `cancelling job: ${why}`);
  }

  close(): void {
    this.stopWatchdog?.();
    this.detach();
  }

  handle(message: JobServerMessage): void {
    switch (message.type) {
      case 'job_assign':
        return this.onAssign(message);
      case 'job_cancel': {
        const job = this.held.get(message.job_id);
        if (job && job.epoch === message.epoch && job.cancel())
          this.o.log.info({ jobId: job.jobId }, "cancelling a job at the server's request");
        return;
      }
      case 'job_log_ack':
        return this.onLogAck(message);
      case 'job_event_ack':
        return this.onEventAck(message);
      case 'job_reconcile_result':
        return this.onReconcileResult(message);
    }
  }

  /** `welcome.intent` and every `heartbeat_ack.intent`: the server's whole view of our jobs. */
  onIntent(intent: unknown): void {
    const parsed = JobIntent.safeParse(intent);
    if (!parsed.success) return;
    this.lastRenewalAt = this.clock.now();
    this.leaseMs = parsed.data.lease_seconds * 1000;
    const wanted = new Map(parsed.data.jobs.map((j) => [j.job_id, j]));
    for (const job of this.held.values()) {
      if (!job.running) continue;
      const entry = wanted.get(job.jobId);
      if (!entry || entry.epoch !== job.epoch) {
        if (job.cancel())
          this.o.log.warn({ jobId: job.jobId }, 'the server no longer leases this job to us; ending it');
      } else if (entry.cancel && job.cancel()) {
        this.o.log.info({ jobId: job.jobId }, "cancelling a job at the server's request");
      }
    }
  }

  private get clock(): MonotonicClock {
    return this.o.clock ?? systemMonotonicClock;
  }

  private onAssign(message: JobAssignMessage): void {
    if (this.held.has(message.job_id)) return;
    if (!this.accepting) return;
    let spec;
    try {
      spec = specFromAssign(message);
    } catch (error) {
      this.o.log.warn({ jobId: message.job_id, err: error }, 'refused a job assignment');
      return;
    }
    if (!this.slots.tryAcquire(spec.jobId)) return;
    let execution: JobExecution;
    try {
      execution = JobExecution.accept(spec, this.execDeps);
    } catch (error) {
      this.slots.release(spec.jobId);
      this.o.log.warn({ jobId: spec.jobId, err: error }, 'could not take a job on');
      return;
    }
    const job = HeldJob.fresh(execution, this.hooks());
    this.history.started(spec.jobId, message.name, Date.now());
    this.held.set(spec.jobId, job);
    if (this.send) job.shipper.onExpectedOffset(0);
    this.o.log.info({ jobId: spec.jobId, attempt: spec.attempt, epoch: spec.leaseEpoch }, 'accepted a job');
    this.flushOutbox();
    this.o.onJobsChanged?.();
    void execution
      .execute()
      .then((result) => {
        this.o.log.info(
          { jobId: spec.jobId, status: result.status, exitCode: result.exitCode },
          'job finished',
        );
        job.finished(result.logLength);
        this.history.ended(spec.jobId, result);
      })
      .catch((error: unknown) => {
        this.o.log.error({ jobId: spec.jobId, err: error }, 'a job could not be run to its end');
      })
      .finally(() => {
        this.slots.release(spec.jobId);
        this.o.onJobsChanged?.();
        this.flushOutbox();
      });
  }

  private onLogAck(message: JobLogAckMessage): void {
    const job = this.held.get(message.job_id);
    if (!job || job.epoch !== message.epoch) return;
    if (message.lease_void) return this.drop(job, 'the server voided its lease');
    if (message.accepted) job.shipper.onAck(message.next_offset);
    else job.shipper.onExpectedOffset(message.next_offset);
    this.cleanUpIfDone(job);
  }

  private onEventAck(message: JobEventAckMessage): void {
    const event = this.outbox.pending().find((e) => e.id === message.event_id);
    this.outbox.ack(message.event_id);
    if (message.outcome === 'refused')
      this.o.log.warn({ jobId: message.job_id, reason: message.reason }, 'the server refused a job event');
    if (event?.type !== 'result') return;
    const job = this.held.get(event.jobId);
    if (!job) return;
    job.resultAcked();
    this.cleanUpIfDone(job);
  }

  private onReconcileResult(message: JobReconcileResultMessage): void {
    for (const entry of message.jobs) {
      const job = this.held.get(entry.job_id);
      if (!job || job.epoch !== entry.epoch) continue;
      if (entry.lease === 'void') {
        this.drop(job, 'the server no longer leases it to this agent');
        continue;
      }
      job.shipper.onExpectedOffset(Math.min(entry.next_offset, job.spoolLength));
      if (entry.cancel) job.cancel();
      this.cleanUpIfDone(job);
    }
    this.reconciled = true;
    this.flushOutbox();
  }

  /** Sends every queued event this session has not sent yet; acks (or the next session) clear them. */
  private flushOutbox(): void {
    const send = this.send;
    if (!send || !this.reconciled) return;
    this.outbox.replay((event) => {
      if (this.sentThisSession.has(event.id)) return true;
      let message;
      try {
        message = wireFromOutboxEvent(event);
      } catch (error) {
        // An event we cannot even phrase would block every later one: drop it, loudly.
        this.o.log.error({ eventId: event.id, err: error }, 'dropped an outbox event that cannot be sent');
        this.outbox.ack(event.id);
        return true;
      }
      if (!send(message)) return false;
      this.sentThisSession.add(event.id);
      return true;
    });
  }

  /** The lease is void: stop the job if it runs, forget its events and files. */
  private drop(job: HeldJob, why: string): void {
    this.o.log.warn({ jobId: job.jobId }, `dropping a job: ${why}`);
    job.cancel();
    for (const event of this.outbox.pending()) if (event.jobId === job.jobId) this.outbox.ack(event.id);
    if (job.running) {
      // Its files go once its steps are down; the result it queues then is dropped by the same rule.
      job.onceFinished(() => this.drop(job, why));
      return;
    }
    this.forget(job);
  }

  private cleanUpIfDone(job: HeldJob): void {
    if (job.done) this.forget(job);
  }

  private forget(job: HeldJob): void {
    this.held.delete(job.jobId);
    job.removeFiles(jobPaths(this.o.dataDir, job.jobId));
    this.o.onJobsChanged?.();
  }

  private hooks() {
    return {
      send: (chunk: { jobId: string; offset: number; data: Buffer }, epoch: number) =>
        this.send?.({
          type: 'job_log',
          job_id: chunk.jobId,
          epoch,
          offset: chunk.offset,
          data: chunk.data.toString('base64'),
        }) ?? false,
      onError: (jobId: string, error: Error) =>
        this.o.log.warn({ jobId, err: error }, 'log shipping problem'),
    };
  }

  /** No renewal for a whole lease: the server is about to give our jobs away, so end them first. */
  private scheduleWatchdog(): () => void {
    let cancelTimer: () => void = () => undefined;
    const tick = (): void => {
      if (
        this.leaseMs !== null &&
        this.clock.now() - this.lastRenewalAt > this.leaseMs &&
        this.activeJobs > 0
      )
        this.cancelAll(`no lease renewal from the control plane for ${this.leaseMs / 1000} s`);
      cancelTimer = this.clock.after(1000, tick);
    };
    cancelTimer = this.clock.after(1000, tick);
    return () => cancelTimer();
  }
}
