export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before restart number `attempt` (0 = first): doubling from base to the cap, then "equal
 * jitter" (half fixed, half random) so many hosts restarting together do not stampede, while a
 * restart never comes sooner than half the planned delay.
 */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number,
): number {
  const planned = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(planned / 2 + (random() * planned) / 2);
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
