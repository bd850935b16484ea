import type { MonotonicClock } from '../../src-agent/jobs/monotonic-clock.js';
import { ManualClock } from './manual-clock.js';

/**
 * ManualClock as the agent's MonotonicClock. `advance` is async: before each due timer it lets
 * pending async work run (a macrotask), so a timer that work sets up on the way fires too.
 */
export class ManualMonotonicClock implements MonotonicClock {
  private readonly inner = new ManualClock(0);

  now(): number {
    return this.inner.now();
  }

  after(ms: number, callback: () => void): () => void {
    const handle = this.inner.setTimeout(callback, ms);
    return () => this.inner.clearTimeout(handle);
  }

  async advance(ms: number): Promise<void> {
    const target = this.inner.now() + ms;
    // Bounded: each pass fires at least one timer or ends.
    for (let pass = 0; pass < 10_000; pass += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.inner.nextTimerAt();
      if (next === null || next > target) break;
      this.inner.advance(next - this.inner.now());
    }
    this.inner.advance(target - this.inner.now());
    await new Promise((resolve) => setImmediate(resolve));
  }
}
