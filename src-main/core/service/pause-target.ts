import type { PauseLength } from '../../../src-shared/host-api/pause.js';

/** The local hour "until tomorrow" resumes at: the start of a working day. */
export const TOMORROW_HOUR = 8;

/**
 * The wall-clock time a pause of this length ends (epoch ms), or null for "until I resume".
 * "Tomorrow" is the next 08:00 local after now, so a pause asked at 02:00 ends the same morning.
 */
export function pauseTarget(length: PauseLength, now: number): number | null {
  switch (length) {
    case '1h':
      return now + 60 * 60_000;
    case 'tomorrow': {
      const target = new Date(now);
      target.setHours(TOMORROW_HOUR, 0, 0, 0);
      if (target.getTime() <= now) target.setDate(target.getDate() + 1);
      return target.getTime();
    }
    case 'indefinitely':
      return null;
  }
}
