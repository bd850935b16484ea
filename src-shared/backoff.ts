export interface BackoffPolicy {
  /** The ceiling of the first retry; each failure doubles it. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
  /**
   * A draw of 0 would retry at once; a small floor keeps a flapping peer from ever seeing a tight
   * loop while leaving the spread of full jitter intact. Never above `baseMs`.
   */
  floorMs?: number;
}

/**
 * The delay before retry number `attempt` (0 = the first): "full jitter", a uniform draw between the
 * floor and an exponential ceiling (base·2^attempt, capped). Every retrying party uses it (the
 * agent's reconnects, the host's worker restarts, the UI's reconnects, the control plane's cluster
 * bus), so a fleet cut off by one restart does not come back in lockstep.
 */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const floor = Math.min(policy.floorMs ?? 0, policy.baseMs);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.max(floor, Math.round(draw * ceiling));
}
