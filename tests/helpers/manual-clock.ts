import type { Clock, TimerHandle } from '../../src-main/core/clock.js';

/** A clock that only moves when the test says so; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Epoch ms of the earliest pending timer, or null. */
  nextTimerAt(): number | null {
    let earliest: number | null = null;
    for (const timer of this.timers.values())
      if (earliest === null || timer.at < earliest) earliest = timer.at;
    return earliest;
  }

  /**
   * Sets the wall clock, as an operator or NTP would, without running timers: pending timers keep
   * the elapsed time they were armed for, as real timers do.
   */
  setWallClock(time: number): void {
    const shift = time - this.current;
    this.current = time;
    for (const timer of this.timers.values()) timer.at += shift;
  }

  advance(ms: number): void {
    const target = this.current + ms;
    // Bounded: each pass fires one timer; a timer re-arming at the same instant still moves forward.
    for (let fired = 0; fired < 10_000; fired += 1) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= target)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.current = Math.max(this.current, due[1].at);
      due[1].callback();
    }
    this.current = target;
  }
}
