import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs } from './backoff.js';

const policy = { baseMs: 1_000, capMs: 15_000, floorMs: 100 };

describe('fullJitterDelayMs', () => {
  it('draws uniformly from the floor up to base·2^attempt', () => {
    expect([0, 1, 2, 3].map((attempt) => fullJitterDelayMs(attempt, policy, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(fullJitterDelayMs(2, policy, () => 0.5)).toBe(2_000);
  });

  it('can retry as early as the floor at any attempt (full jitter, not half of the ceiling)', () => {
    expect([0, 3, 10].map((attempt) => fullJitterDelayMs(attempt, policy, () => 0))).toEqual([100, 100, 100]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(fullJitterDelayMs(1_000, policy, () => 1)).toBe(15_000);
  });

  it('keeps the floor at or below the base, and draws from 0 without one', () => {
    expect(fullJitterDelayMs(0, { baseMs: 50, capMs: 100, floorMs: 500 }, () => 0)).toBe(50);
    expect(fullJitterDelayMs(0, { baseMs: 50, capMs: 100 }, () => 0)).toBe(0);
  });

  it('clamps a random source outside [0, 1]', () => {
    expect(fullJitterDelayMs(0, policy, () => 7)).toBe(1_000);
    expect(fullJitterDelayMs(0, policy, () => -1)).toBe(100);
  });
});
