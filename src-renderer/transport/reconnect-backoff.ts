/**
 * Delay before reconnect attempt `attempt` (1-based): doubling from `baseMs`, capped at `capMs`, with
 * "equal jitter" (half fixed, half random) so a restarted host is not hit by every window at once
 * yet the first retry still comes quickly.
 */
export function reconnectDelayMs(
  attempt: number,
  random: () => number,
  baseMs = 500,
  capMs = 15_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
