import { fullJitterDelayMs } from '../../../src-shared/backoff.js';

export interface RestartBackoff {
  baseMs: number;
  maxMs: number;
}

/** A worker that crashes at once is not restarted in a tight loop, whatever the draw. */
const RESTART_FLOOR_MS = 100;

/**
 * Delay before restart number `attempt` (0 = first): the shared full-jitter backoff from base up to
 * the cap, so many hosts restarting their workers together (after a bad update, say) spread out.
 */
export function restartDelayMs(
  attempt: number,
  { baseMs, maxMs }: RestartBackoff,
  random: () => number,
): number {
  return fullJitterDelayMs(attempt, { baseMs, capMs: maxMs, floorMs: RESTART_FLOOR_MS }, random);
}

/** Counts crashes in a sliding window: the crash-loop breaker. */
export class CrashWindow {
  private crashes: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** Records a crash at `now` and returns how many fall inside the window. */
  record(now: number): number {
    this.crashes = [...this.crashes.filter((at) => now - at < this.windowMs), now];
    return this.crashes.length;
  }

  clear(): void {
    this.crashes = [];
  }
}
