import { describe, expect, it } from 'vitest';
import { CrashWindow, restartDelayMs } from './restart-policy.js';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('restartDelayMs', () => {
  it('doubles its ceiling from 1 s and caps it at 60 s', () => {
    expect([0, 3, 6, 500].map((attempt) => restartDelayMs(attempt, policy, () => 1))).toEqual([
      1_000, 8_000, 60_000, 60_000,
    ]);
  });

  it('draws with full jitter: anywhere from 100 ms up to the ceiling, not only its upper half', () => {
    expect(restartDelayMs(3, policy, () => 0.25)).toBe(2_000);
    expect(restartDelayMs(0, policy, () => 0)).toBe(100);
    expect(restartDelayMs(500, policy, () => 0)).toBe(100);
  });
});

describe('CrashWindow', () => {
  it('counts only crashes inside the window', () => {
    const window = new CrashWindow(600_000);
    expect(window.record(0)).toBe(1);
    expect(window.record(300_000)).toBe(2);
    expect(window.record(600_000)).toBe(2);
    window.clear();
    expect(window.record(600_001)).toBe(1);
  });
});
