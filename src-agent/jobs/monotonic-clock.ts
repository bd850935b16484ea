/**
 * Time for timeouts and durations. Monotonic, so a wall-clock jump (NTP, a laptop waking up, an
 * operator fixing the date) neither fires nor postpones a timeout; injected so tests move it by hand.
 */
export interface MonotonicClock {
  /** Milliseconds from an arbitrary origin; never goes backwards. */
  now(): number;
  /** Calls back after ms; the returned function cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemMonotonicClock: MonotonicClock = {
  now: () => performance.now(),
  after(ms, callback) {
    // Node's timers run on libuv's monotonic clock, so they agree with performance.now().
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** Resolves after ms on the given clock. */
export function sleep(clock: MonotonicClock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.after(ms, resolve);
  });
}
