import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pausedLabel } from './pause.js';

// Local time decides what the label says: pin a zone (Node re-reads TZ when it is set).
beforeAll(() => void vi.stubEnv('TZ', 'Europe/Berlin'));
afterAll(() => void vi.unstubAllEnvs());

// Monday 7 December 2026, 13:30 in Berlin (12:30 UTC).
const NOW = Date.UTC(2026, 11, 7, 12, 30);

describe('pausedLabel', () => {
  it('says "Paused until 14:30" in local time for a pause ending the same day', () => {
    expect(pausedLabel({ reason: 'operator', until: NOW + 60 * 60_000 }, NOW)).toBe('Paused until 14:30');
  });

  it('names the weekday for a pause ending another day', () => {
    expect(pausedLabel({ reason: 'operator', until: Date.UTC(2026, 11, 8, 7, 0) }, NOW)).toBe(
      'Paused until Tue 08:00',
    );
  });

  it('says until you resume, on battery, and quitting for the other pauses', () => {
    expect(pausedLabel({ reason: 'operator', until: null }, NOW)).toBe('Paused until you resume');
    expect(pausedLabel({ reason: 'battery', until: null }, NOW)).toBe('Paused while on battery');
    expect(pausedLabel({ reason: 'quit', until: null }, NOW)).toBe('Paused: quitting');
  });
});
