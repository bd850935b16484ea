import { inspect } from 'node:util';

/** What a wait-until probe answers while its condition does not hold yet. */
export type NotYet = null | undefined | false;

export interface WaitOptions<T> {
  /** What the test waits for, in words: the failure says it, with the last value the probe saw. */
  message: string;
  /** Give up after this long (real time). */
  timeoutMs?: number;
  /** Time between probes; a bench that times the wait wants it short. */
  intervalMs?: number;
  /**
   * When the probe's value meets the condition. By default any value but null, undefined and false
   * does (so a probe can answer the thing it found); give this when a probe answers a value to
   * compare, so that a timeout shows what it was (`() => job.status`, `(s) => s === 'succeeded'`).
   */
  until?: (value: T) => boolean;
  /** More to print on a timeout, below the message (a process's output, say). */
  details?: () => string;
}

/**
 * Probes until the condition holds and answers the value that met it; fails after `timeoutMs`
 * with `message` and the last value observed. The one polling loop of the tests: a test waits for
 * a state this way, never by sleeping a fixed time. A probe that throws fails the wait at once.
 */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  options: WaitOptions<T> & { until: (value: T) => boolean },
): Promise<T>;
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  options: WaitOptions<T>,
): Promise<Exclude<T, NotYet>>;
export async function waitUntil<T>(probe: () => T | Promise<T>, options: WaitOptions<T>): Promise<T> {
  const { message, timeoutMs = 15_000, intervalMs = 50, details } = options;
  const met = options.until ?? ((value: T) => value !== null && value !== undefined && value !== false);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (met(value)) return value;
    if (performance.now() >= deadline) {
      const more = details === undefined ? '' : `\n${details()}`;
      throw new Error(`${message}: not within ${timeoutMs} ms (last observed: ${describe(value)})${more}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 2000 });
}
