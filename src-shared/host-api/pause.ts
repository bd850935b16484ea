import { z } from 'zod';

/** How long an operator pauses job intake: an hour, until the next 08:00 local, or until resumed. */
export const PauseLength = z.enum(['1h', 'tomorrow', 'indefinitely']);
export type PauseLength = z.infer<typeof PauseLength>;

export const PauseParams = z.object({ for: PauseLength.default('indefinitely') }).strict();

/** Who paused intake: the operator, the host running on battery, or the host quitting. */
export const PauseReason = z.enum(['operator', 'battery', 'quit']);
export type PauseReason = z.infer<typeof PauseReason>;

export const PauseInfo = z.object({
  reason: PauseReason,
  /** Epoch ms (wall clock) at which intake resumes by itself; null: until someone resumes it. */
  until: z.number().nullable(),
});
export type PauseInfo = z.infer<typeof PauseInfo>;

/**
 * "Paused until 14:30" for the tray tooltip and the UI, in the local time of whoever shows it (the
 * host and its window share a machine). A target on another day names the weekday, so "until
 * tomorrow" reads "Paused until Tue 08:00" rather than a time that looks already past.
 */
export function pausedLabel(pause: PauseInfo, now: number): string {
  if (pause.reason === 'battery') return 'Paused while on battery';
  if (pause.reason === 'quit') return 'Paused: quitting';
  if (pause.until === null) return 'Paused until you resume';
  const target = new Date(pause.until);
  const clock = `${pad(target.getHours())}:${pad(target.getMinutes())}`;
  const sameDay = new Date(now).toDateString() === target.toDateString();
  return sameDay ? `Paused until ${clock}` : `Paused until ${WEEKDAYS[target.getDay()]} ${clock}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
