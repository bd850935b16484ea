import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pauseTarget } from './pause-target.js';

// Local time decides the target: pin a zone (Node re-reads TZ when it is set).
beforeAll(() => void vi.stubEnv('TZ', 'America/New_York'));
afterAll(() => void vi.unstubAllEnvs());

/** Epoch ms of a New York wall-clock time in December (UTC-5). */
function newYork(day: number, hour: number, minute = 0): number {
  return Date.UTC(2026, 11, day, hour + 5, minute);
}

describe('pauseTarget', () => {
  it('ends a one-hour pause an hour from now', () => {
    expect(pauseTarget('1h', newYork(7, 13, 30))).toBe(newYork(7, 14, 30));
  });

  it('ends "until tomorrow" at the next 08:00 local: the next day after 08:00, the same day before', () => {
    expect(pauseTarget('tomorrow', newYork(7, 13, 30))).toBe(newYork(8, 8));
    expect(pauseTarget('tomorrow', newYork(7, 2))).toBe(newYork(7, 8));
    expect(pauseTarget('tomorrow', newYork(7, 8))).toBe(newYork(8, 8));
  });

  it('keeps 08:00 local across a daylight-saving change (New York, 8 March 2026)', () => {
    const saturdayNoon = Date.UTC(2026, 2, 7, 17);
    // Sunday 08:00 is already daylight time (UTC-4).
    expect(pauseTarget('tomorrow', saturdayNoon)).toBe(Date.UTC(2026, 2, 8, 12));
  });

  it('has no end for "until I resume"', () => {
    expect(pauseTarget('indefinitely', newYork(7, 13))).toBeNull();
  });
});
