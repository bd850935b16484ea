import type { PauseInfo } from '../../../src-shared/host-api/pause.js';
import { errorMessage } from '../../../src-node/error-message.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { JobIntakeRecordFile } from './job-intake-record.js';

/**
 * Longest wait between two looks at a timed pause. Its end is a wall-clock time while timers count
 * elapsed time, so after a clock change (or a sleep the timer slept through) the pause still ends
 * within this of the time asked.
 */
export const PAUSE_CHECK_MS = 60_000;

export interface JobIntakeDeps {
  clock: Clock;
  /** Where the operator's pause is kept across restarts (unset: it lasts while this host runs). */
  record?: Pick<JobIntakeRecordFile, 'readIfValid' | 'write'>;
  /** Called whenever `current()` changed. */
  onChange(pause: PauseInfo | null): void;
  log(level: 'info' | 'warn', msg: string): void;
}

/**
 * Whether the host takes new jobs, from three causes: the operator's pause (maybe timed), running on
 * battery (when the setting asks), and quitting. Quitting wins, then the operator, then battery.
 */
export class JobIntake {
  private operator: { until: number | null } | null = null;
  private onBattery = false;
  private quitting = false;
  private timer: TimerHandle | null = null;

  constructor(private readonly deps: JobIntakeDeps) {
    const saved = deps.record?.readIfValid();
    if (saved?.paused) this.operator = { until: saved.until ?? null };
    // A pause that ended while the host was down is over before anyone sees it.
    const savedUntil = this.operator?.until ?? null;
    if (savedUntil !== null && savedUntil <= deps.clock.now()) {
      this.operator = null;
      this.remember();
      deps.log('info', 'the timed pause ended while the host was down: taking jobs again');
    }
    this.expireOrArm();
  }

  current(): PauseInfo | null {
    if (this.quitting) return { reason: 'quit', until: null };
    if (this.operator !== null) return { reason: 'operator', until: this.operator.until };
    if (this.onBattery) return { reason: 'battery', until: null };
    return null;
  }

  /** The operator pauses until `until` (epoch ms, wall clock) or, with null, until resumed. */
  pause(until: number | null): void {
    this.change(() => {
      this.operator = { until };
      this.remember();
    });
    this.expireOrArm();
  }

  /** The operator resumes: this also lifts a battery pause until the power source changes again. */
  resume(): void {
    this.change(() => {
      this.operator = null;
      this.onBattery = false;
      this.remember();
    });
    this.expireOrArm();
  }

  /** Power source changed; only called while "pause while on battery" is on (or to lift it). */
  setOnBattery(onBattery: boolean): void {
    this.change(() => (this.onBattery = onBattery));
  }

  /** Stops intake for a quit; not remembered, so the next start takes jobs again. */
  pauseForQuit(): void {
    this.change(() => (this.quitting = true));
  }

  /** Looks at the wall clock now (after a resume from sleep, or when a clock change is suspected). */
  recheck(): void {
    this.expireOrArm();
  }

  dispose(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private expireOrArm(): void {
    this.dispose();
    const until = this.operator?.until ?? null;
    if (until === null) return;
    const left = until - this.deps.clock.now();
    if (left <= 0) {
      this.deps.log('info', 'the timed pause is over: taking jobs again');
      this.change(() => {
        this.operator = null;
        this.remember();
      });
      return;
    }
    this.timer = this.deps.clock.setTimeout(() => this.expireOrArm(), Math.min(left, PAUSE_CHECK_MS));
  }

  private change(mutate: () => void): void {
    const before = JSON.stringify(this.current());
    mutate();
    const after = this.current();
    if (JSON.stringify(after) !== before) this.deps.onChange(after);
  }

  private remember(): void {
    const record = { paused: this.operator !== null, until: this.operator?.until ?? null };
    try {
      this.deps.record?.write(record);
    } catch (error) {
      // The pause itself works; only its surviving a restart does not, and the log says so.
      const what = record.paused ? 'pause' : 'resume';
      this.deps.log('warn', `${what} not remembered across restarts: ${errorMessage(error)}`);
    }
  }
}
