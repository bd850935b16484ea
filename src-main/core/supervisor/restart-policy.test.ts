import { describe, expect, it } from 'vitest';
import { backoffDelay, CrashWindow } from './restart-policy.js';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles from 1 s and stays within the jitter band', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(500);
    expect(backoffDelay(0, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(6000);
  });

  it('caps at 60 s however many attempts', () => {
    expect(backoffDelay(6, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(500, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(500, policy, () => 0)).toBe(30_000);
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
