import { describe, expect, it } from 'vitest';
import { clockSkewMs, describeSkew, formatDuration } from './clock-skew.js';

describe('clock skew', () => {
  it('formats durations in words', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-423_000)).toBe('7 min 3 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min 3 s');
  });

  it('takes the midpoint of the round trip as the moment the server stamped', () => {
    expect(clockSkewMs(10_000, 10_000, 12_000)).toBe(1_000);
    expect(clockSkewMs(20_000, 10_000, 12_000)).toBe(-9_000);
  });

  it('says by how much and which way, and fails past the tolerance', () => {
    expect(describeSkew(200, 300_000)).toEqual({
      ok: true,
      detail: 'this machine’s clock agrees with the server’s',
    });
    const behind = describeSkew(-90_000, 300_000);
    expect(behind.ok).toBe(true);
    expect(behind.detail).toMatch(/1 min 30 s behind/);
    const far = describeSkew(423_000, 300_000);
    expect(far.ok).toBe(false);
    expect(far.detail).toMatch(/7 min 3 s ahead of the server’s \(tolerance 5 min\): set the clock right/);
  });
});
