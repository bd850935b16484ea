import { describe, expect, it } from 'vitest';
import { HEALTH_RULE, healthStatus, type HeartbeatFacts } from './health-status.js';

const now = 1_000_000_000;
const fine: HeartbeatFacts = {
  heartbeatAt: now - 10_000,
  cpuPercent: 20,
  memoryPercent: 40,
  diskFreeGb: 100,
  lastError: null,
  lastErrorAt: null,
};

describe('healthStatus', () => {
  it('says no_heartbeat before the first heartbeat', () => {
    expect(healthStatus({ ...fine, heartbeatAt: null }, now)).toBe('no_heartbeat');
  });

  it('says offline once the last heartbeat is older than the window, whatever the metrics', () => {
    const at = now - HEALTH_RULE.offlineAfterMs - 1;
    expect(healthStatus({ ...fine, heartbeatAt: at }, now)).toBe('offline');
    expect(healthStatus({ ...fine, heartbeatAt: now - HEALTH_RULE.offlineAfterMs }, now)).toBe('healthy');
  });

  it('says healthy with recent, comfortable metrics or none reported', () => {
    expect(healthStatus(fine, now)).toBe('healthy');
    expect(healthStatus({ ...fine, cpuPercent: null, memoryPercent: null, diskFreeGb: null }, now)).toBe(
      'healthy',
    );
  });

  it('says degraded at the degraded thresholds or with a last error', () => {
    expect(healthStatus({ ...fine, cpuPercent: 85 }, now)).toBe('degraded');
    expect(healthStatus({ ...fine, memoryPercent: 90 }, now)).toBe('degraded');
    expect(healthStatus({ ...fine, diskFreeGb: 4.9 }, now)).toBe('degraded');
    expect(healthStatus({ ...fine, lastError: 'spool full' }, now)).toBe('degraded');
  });

  it('forgets a last error that has been reported unchanged for longer than the recent window', () => {
    const at = now - HEALTH_RULE.recentErrorMs;
    expect(healthStatus({ ...fine, lastError: 'spool full', lastErrorAt: at }, now)).toBe('degraded');
    expect(healthStatus({ ...fine, lastError: 'spool full', lastErrorAt: at - 1 }, now)).toBe('healthy');
  });

  it('says unhealthy at the unhealthy thresholds, even with an error', () => {
    expect(healthStatus({ ...fine, cpuPercent: 99 }, now)).toBe('unhealthy');
    expect(healthStatus({ ...fine, memoryPercent: 95, lastError: 'x' }, now)).toBe('unhealthy');
    expect(healthStatus({ ...fine, diskFreeGb: 0.5 }, now)).toBe('unhealthy');
  });
});
