import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { BootMark } from './boot-mark.js';
import type { JobPaths } from './job-paths.js';
import { jobPaths } from './job-paths.js';
import type { JobResult } from './job-result.js';
import type { JobRunDeps } from './job-run.js';
import { JobRun } from './job-run.js';
import type { JobSpec } from './job-spec.js';
import type { JournalRecord } from './job-journal.js';
import { writeJournal } from './job-journal.js';
import type { JobEvent, JobState } from './job-state-machine.js';
import { initialJobState, transitionJob } from './job-state-machine.js';
import { LogSpool } from './log-spool.js';
import type { Outbox } from './outbox.js';
import { stepErrorMarker } from './spool-markers.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface JobExecutionDeps extends JobRunDeps {
  dataDir: string;
  outbox: Outbox;
  /** Epoch ms, for the timestamps the server shows (never for timeouts). */
  wallClock: () => number;
  bootMark: BootMark;
  logCapBytes?: number;
  onSpoolGrew?: (jobId: string, length: number) => void;
  onStateChanged?: (jobId: string, state: JobState) => void;
}

/**
 * One job from accept to cleanup: its files, journal, spool, outbox events and state machine.
 * The order of durable writes is what makes a crash harmless: the journal names the job before its
 * workspace exists and names each step's process group before any await; the result enters the
 * outbox before the journal calls the job finished, so recovery can tell "reported" from "lost".
 */
export class JobExecution {
  private state: JobState = initialJobState;
  private executed = false;
  private record: JournalRecord;
  private readonly run: JobRun;

  private constructor(
    readonly spec: JobSpec,
    readonly paths: JobPaths,
    private readonly spool: LogSpool,
    private readonly deps: JobExecutionDeps,
  ) {
    this.record = {
      version: 1,
      jobId: spec.jobId,
      attempt: spec.attempt,
      leaseEpoch: spec.leaseEpoch,
      state: 'accepted',
      pid: null,
      stepNumber: 0,
      stepNames: spec.steps.map((step) => step.name),
      stepsDone: [],
      boot: deps.bootMark,
      startedAt: null,
      result: null,
      resultEventId: null,
    };
    this.run = new JobRun(spec, paths.workspace, spool, deps, {
      onStepSpawned: (stepNumber, pid) => this.save({ pid, stepNumber }),
      onStepEnded: (stepsDone) => this.save({ pid: null, stepsDone }),
      onStopRequested: (reason) => this.apply({ type: 'stop_requested', reason }),
    });
  }

  /** Takes the job on: files, journal and the `accept` event. Refuses a job this agent already has. */
  static accept(spec: JobSpec, deps: JobExecutionDeps): JobExecution {
    const paths = jobPaths(deps.dataDir, spec.jobId);
    if (existsSync(paths.journal))
      throw new Error(`job ${spec.jobId} is already on this agent (its journal exists at ${paths.journal})`);
    mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
    const spool = LogSpool.create(paths.spool, {
      capBytes: deps.logCapBytes,
      onGrow: (length) => deps.onSpoolGrew?.(spec.jobId, length),
    });
    const execution = new JobExecution(spec, paths, spool, deps);
    execution.save({});
    mkdirSync(paths.workspace, { recursive: true, mode: 0o700 });
    deps.outbox.enqueue({
      type: 'accept',
      jobId: spec.jobId,
      attempt: spec.attempt,
      payload: { leaseEpoch: spec.leaseEpoch },
    });
    return execution;
  }

  get jobState(): JobState {
    return this.state;
  }

  /** Runs every step and queues the result; resolves once the result is durably in the outbox. */
  async execute(): Promise<JobResult> {
    const { spec, deps } = this;
    if (this.executed) throw new Error(`job ${spec.jobId} has already been run by this agent`);
    this.executed = true;
    const startedAt = deps.wallClock();
    if (this.apply({ type: 'start' })) {
      deps.outbox.enqueue({
        type: 'start',
        jobId: spec.jobId,
        attempt: spec.attempt,
        payload: { leaseEpoch: spec.leaseEpoch, startedAt },
      });
      this.save({ state: 'running', startedAt });
    }
    const outcome = await this.run.run().catch((error: unknown) => {
      // Only the agent's own machinery throws here (the disk, say): report it in the log and fail.
      const message = errorMessage(error);
      try {
        this.spool.writeMarker(stepErrorMarker(this.record.stepNumber, spec.steps.length, message));
      } catch {
        // The spool is what failed; the result still tells the truth about what it holds.
      }
      return { status: 'failed' as const, exitCode: null, steps: this.record.stepsDone };
    });
    this.spool.close();
    const facts = this.spool.facts();
    const result: JobResult = {
      ...outcome,
      logLength: facts.length,
      logSha256: facts.sha256,
      logTruncated: facts.truncated,
      startedAt: this.record.startedAt,
      finishedAt: deps.wallClock(),
    };
    const event = deps.outbox.enqueue({
      type: 'result',
      jobId: spec.jobId,
      attempt: spec.attempt,
      payload: { leaseEpoch: spec.leaseEpoch, result },
    });
    this.save({ state: 'finished', pid: null, result, resultEventId: event.id });
    this.apply({ type: 'finished', status: result.status });
    return result;
  }

  /** Cancels (TERM, grace, KILL); false when the job is past the point where that means anything. */
  cancel(): boolean {
    if (!transitionJob(this.state, { type: 'stop_requested', reason: 'cancelled' })) return false;
    this.run.stop('cancelled');
    return true;
  }

  /** The id of the queued result event, once the job has finished. */
  get resultEventId(): string | null {
    return this.record.resultEventId;
  }

  /** The server committed the result (the caller has acked it in the outbox): the workspace can go. */
  resultAcked(): boolean {
    if (!this.apply({ type: 'result_acked' })) return false;
    rmSync(this.paths.workspace, { recursive: true, force: true });
    this.save({ state: 'reported' });
    return true;
  }

  /** The server holds the whole log too: the job leaves no file behind. */
  logAcked(): boolean {
    if (!transitionJob(this.state, { type: 'cleaned' })) return false;
    rmSync(this.paths.stateDir, { recursive: true, force: true });
    this.apply({ type: 'cleaned' });
    return true;
  }

  private save(patch: Partial<JournalRecord>): void {
    this.record = { ...this.record, ...patch };
    writeJournal(this.paths.journal, this.record);
  }

  private apply(event: JobEvent): boolean {
    const next = transitionJob(this.state, event);
    if (!next) return false;
    this.state = next;
    this.deps.onStateChanged?.(this.spec.jobId, next);
    return true;
  }
}
