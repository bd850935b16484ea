import type { Clock } from '../core/clock.js';

export type QuitState = 'running' | 'draining' | 'stopping' | 'done';

export interface QuitDeps {
  clock: Clock;
  /** Stop taking new jobs. */
  pause(): Promise<void>;
  /** Jobs still running on the worker now. */
  activeJobs(): number;
  /** Called whenever the host state changes, so the drain can end as soon as the last job does. */
  onChange(listener: () => void): () => void;
  /**
   * Stops the worker: it gets graceMs for its jobs to finish, after which it cancels them, reports
   * them and exits; its tree is killed if it has not exited marginMs after the grace.
   */
  stopWorker(graceMs: number, marginMs: number): Promise<void>;
}

/** After the drain, the worker still gets this long to exit on its own. */
export const STOP_GRACE_MS = 5000;
/** What the supervisor adds after the grace before killing (its default margin). */
export const STOP_MARGIN_MS = 5000;
/**
 * A session end cancels the running jobs at once: the worker then needs the jobs' own cancel grace
 * (TERM, wait, KILL) and a round trip to the control plane to report them ended.
 */
export const SESSION_END_REPORT_MS = 20_000;

/**
 * Quitting the app: pause (no new work), wait for running jobs up to the grace period (bounded),
 * then stop the worker. A second quit request while this runs joins the same sequence.
 *
 * A session end (shutdown, restart, log-off) cannot wait for jobs to finish: `endSession` cuts any
 * drain short and has the worker cancel its running jobs at once and report them ended, so the
 * control plane hears what happened instead of finding the jobs lost when their lease runs out.
 */
export class QuitSequence {
  private state: QuitState = 'running';
  private running: Promise<void> | null = null;
  private sessionEnding = false;
  private cutDrain: (() => void) | null = null;

  constructor(private readonly deps: QuitDeps) {}

  current(): QuitState {
    return this.state;
  }

  run(graceMs: number): Promise<void> {
    this.running ??= this.sequence(graceMs);
    return this.running;
  }

  endSession(): Promise<void> {
    this.sessionEnding = true;
    this.cutDrain?.();
    return this.run(0);
  }

  private async sequence(graceMs: number): Promise<void> {
    this.state = 'draining';
    try {
      await this.deps.pause();
    } catch {
      // A worker that cannot be paused is about to be stopped anyway.
    }
    if (!this.sessionEnding) await this.drained(graceMs);
    this.state = 'stopping';
    if (this.sessionEnding) await this.deps.stopWorker(0, SESSION_END_REPORT_MS);
    else await this.deps.stopWorker(STOP_GRACE_MS, STOP_MARGIN_MS);
    this.state = 'done';
  }

  private drained(graceMs: number): Promise<void> {
    if (this.deps.activeJobs() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        off();
        this.deps.clock.clearTimeout(timer);
        this.cutDrain = null;
        resolve();
      };
      const timer = this.deps.clock.setTimeout(finish, graceMs);
      const off = this.deps.onChange(() => {
        if (this.deps.activeJobs() === 0) finish();
      });
      this.cutDrain = finish;
    });
  }
}
