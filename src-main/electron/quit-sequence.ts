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
  /** Stops the worker, giving it up to graceMs before its tree is killed. */
  stopWorker(graceMs: number): Promise<void>;
}

/** After the drain, the worker still gets this long to exit on its own. */
export const STOP_GRACE_MS = 5000;

/**
 * Quitting the app: pause (no new work), wait for running jobs up to the grace period (bounded),
 * then stop the worker. A second quit request while this runs joins the same sequence.
 */
export class QuitSequence {
  private state: QuitState = 'running';
  private running: Promise<void> | null = null;

  constructor(private readonly deps: QuitDeps) {}

  current(): QuitState {
    return this.state;
  }

  run(graceMs: number): Promise<void> {
    this.running ??= this.sequence(graceMs);
    return this.running;
  }

  private async sequence(graceMs: number): Promise<void> {
    this.state = 'draining';
    try {
      await this.deps.pause();
    } catch {
      // A worker that cannot be paused is about to be stopped anyway.
    }
    await this.drained(graceMs);
    this.state = 'stopping';
    await this.deps.stopWorker(STOP_GRACE_MS);
    this.state = 'done';
  }

  private drained(graceMs: number): Promise<void> {
    if (this.deps.activeJobs() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        off();
        this.deps.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.deps.clock.setTimeout(finish, graceMs);
      const off = this.deps.onChange(() => {
        if (this.deps.activeJobs() === 0) finish();
      });
    });
  }
}
