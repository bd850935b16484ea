import type { HealthStatus } from '../../src-shared/rest/agents.js';

/** Thresholds of the health status rule (documented in the README). */
export const HEALTH_RULE = {
  /** Heartbeats come about every 20 s; after 90 s of silence the agent is offline. */
  offlineAfterMs: 90_000,
  /** A reported last_error counts for this long after it first appeared. */
  recentErrorMs: 15 * 60_000,
  unhealthy: { cpuPercent: 95, memoryPercent: 95, diskFreeGb: 1 },
  degraded: { cpuPercent: 85, memoryPercent: 85, diskFreeGb: 5 },
} as const;

export interface HeartbeatFacts {
  heartbeatAt: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  diskFreeGb: number | null;
  lastError: string | null;
  /** When lastError first appeared; null if unknown (then it counts as recent). */
  lastErrorAt: number | null;
}

/**
 * no_heartbeat before the first heartbeat; offline once the last one is too old; otherwise the worst
 * level any metric reaches (a last_error that appeared within recentErrorMs makes the agent at least
 * degraded). A metric the
 * agent did not report does not count against it.
 */
export function healthStatus(facts: HeartbeatFacts, now: number): HealthStatus {
  if (facts.heartbeatAt === null) return 'no_heartbeat';
  if (now - facts.heartbeatAt > HEALTH_RULE.offlineAfterMs) return 'offline';
  if (reaches(facts, HEALTH_RULE.unhealthy)) return 'unhealthy';
  if (reaches(facts, HEALTH_RULE.degraded) || hasRecentError(facts, now)) return 'degraded';
  return 'healthy';
}

function reaches(
  facts: HeartbeatFacts,
  limits: { cpuPercent: number; memoryPercent: number; diskFreeGb: number },
): boolean {
  return (
    (facts.cpuPercent ?? 0) >= limits.cpuPercent ||
    (facts.memoryPercent ?? 0) >= limits.memoryPercent ||
    (facts.diskFreeGb !== null && facts.diskFreeGb < limits.diskFreeGb)
  );
}

function hasRecentError(facts: HeartbeatFacts, now: number): boolean {
  if (facts.lastError === null) return false;
  return facts.lastErrorAt === null || now - facts.lastErrorAt <= HEALTH_RULE.recentErrorMs;
}
