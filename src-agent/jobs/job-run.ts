import type { JobSpec } from './job-spec.js';
import type { JobStatus, StepResult, StepStatus } from './job-result.js';
import type { JobStopReason } from './job-state-machine.js';
import type { LogSpool } from './log-spool.js';
import type { MonotonicClock } from './monotonic-clock.js';
import type { ProcessTree } from './process-tree.js';
import { stepEndMarker, stepErrorMarker, stepStartMarker } from './spool-markers.js';
import { stepEnv } from './step-env.js';
import { startStep } from './step-runner.js';
import type { RunningStep, StepOutcome } from './step-runner.js';

export interface JobRunDeps {
  platform: NodeJS.Platform;
  /** The agent's environment, which steps inherit minus `PLANASONIX_*`. */
  baseEnv: Readonly<Record<string, string | undefined>>;
  tree: ProcessTree;
  clock: MonotonicClock;
}

export interface JobRunHooks {
  /** Synchronous, right after the spawn: the journal must hold the pid before anything can crash. */
  onStepSpawned(stepNumber: number, pid: number): void;
  onStepEnded(stepsDone: StepResult[]): void;
  /** A cancel or a timeout (job or step) began stopping the job. */
  onStopRequested(reason: JobStopReason): void;
}

export interface JobOutcome {
  status: JobStatus;
  exitCode: number | null;
  steps: StepResult[];
}

/**
 * Runs a job's steps in order in its workspace, stopping at the first that does not succeed. The
 * job's and each step's timeout run on the monotonic clock, so they hold offline and through wall
 * clock changes. A stop (cancel or timeout) ends the running step's tree and skips the rest.
 */
export class JobRun {
  private stopReason: JobStopReason | null = null;
  private current: RunningStep | null = null;

  constructor(
    private readonly spec: JobSpec,
    private readonly workspace: string,
    private readonly spool: LogSpool,
    private readonly deps: JobRunDeps,
    private readonly hooks: JobRunHooks,
  ) {}

  /** Asks the job to stop; the first reason wins. */
  stop(reason: JobStopReason): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    this.hooks.onStopRequested(reason);
    this.current?.stop(reason);
  }

  async run(): Promise<JobOutcome> {
    const { spec, deps } = this;
    const cancelJobTimer =
      spec.timeoutSeconds === undefined
        ? () => undefined
        : deps.clock.after(spec.timeoutSeconds * 1000, () => this.stop('timed_out'));
    const steps: StepResult[] = [];
    let exitCode: number | null = null;
    try {
      for (const [index, step] of spec.steps.entries()) {
        if (this.stopReason !== null || steps.some((s) => s.status !== 'succeeded')) {
          steps.push({ name: step.name, status: 'skipped', exitCode: null });
          continue;
        }
        const outcome = await this.runStep(index + 1);
        const status = stepStatus(outcome);
        exitCode = outcome.exitCode;
        steps.push({ name: step.name, status, exitCode: outcome.exitCode });
        this.hooks.onStepEnded([...steps]);
      }
    } finally {
      cancelJobTimer();
    }
    return { status: jobStatus(steps, this.stopReason), exitCode, steps };
  }

  private async runStep(stepNumber: number): Promise<StepOutcome> {
    const { spec, deps, spool } = this;
    const step = spec.steps[stepNumber - 1];
    if (!step) throw new Error(`${spec.jobId} has no step ${stepNumber}`);
    const count = spec.steps.length;
    spool.writeMarker(stepStartMarker(stepNumber, count, step.name));
    const startedAt = deps.clock.now();
    const running = startStep({
      platform: deps.platform,
      run: step.run,
      cwd: this.workspace,
      env: stepEnv(deps.baseEnv, step.env, {
        jobId: spec.jobId,
        stepName: step.name,
        stepNumber,
        workspace: this.workspace,
        attempt: spec.attempt,
      }),
      spool,
      tree: deps.tree,
      clock: deps.clock,
      graceMs: spec.cancelGraceSeconds * 1000,
      onSpawned: (pid) => this.hooks.onStepSpawned(stepNumber, pid),
    });
    this.current = running;
    const cancelStepTimer =
      step.timeoutSeconds === undefined
        ? () => undefined
        : deps.clock.after(step.timeoutSeconds * 1000, () => this.stop('timed_out'));
    // A stop that came while the shell was being spawned.
    if (this.stopReason !== null) running.stop(this.stopReason);
    const outcome = await running.done;
    cancelStepTimer();
    this.current = null;
    if (outcome.error !== null && outcome.stoppedFor !== 'spool_failed')
      spool.writeMarker(stepErrorMarker(stepNumber, count, outcome.error));
    if (outcome.stoppedFor !== 'spool_failed')
      spool.writeMarker(
        stepEndMarker({
          stepNumber,
          stepCount: count,
          status: stepStatus(outcome),
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          outputBytes: outcome.outputBytes,
          durationMs: deps.clock.now() - startedAt,
        }),
      );
    return outcome;
  }
}

export function stepStatus(outcome: StepOutcome): StepStatus {
  if (outcome.stoppedFor === 'timed_out') return 'timed_out';
  if (outcome.stoppedFor === 'cancelled') return 'cancelled';
  return outcome.exitCode === 0 && outcome.error === null ? 'succeeded' : 'failed';
}

/** The first step that did not succeed decides; a stop between steps decides when none failed. */
export function jobStatus(steps: readonly StepResult[], stopReason: JobStopReason | null): JobStatus {
  for (const step of steps) {
    if (
      step.status === 'failed' ||
      step.status === 'timed_out' ||
      step.status === 'cancelled' ||
      step.status === 'lost'
    )
      return step.status;
  }
  return stopReason ?? 'succeeded';
}
