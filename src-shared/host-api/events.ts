import { z } from 'zod';
import { HealthSample } from './health.js';
import { LogLinesEvent } from './logs.js';
import { PreflightCheck } from './preflight.js';
import { HostSnapshot } from './snapshot.js';

export const EnrollProgressEvent = z.object({ checks: z.array(PreflightCheck) });
export type EnrollProgressEvent = z.infer<typeof EnrollProgressEvent>;

export const ShellView = z.enum(['status', 'enroll', 'logs', 'settings']);
export type ShellView = z.infer<typeof ShellView>;

/**
 * Sent by the Electron shell only (tray menu, `planasonix://enroll` links): show this view. With
 * `enrollLink`, the enroll view opens prefilled and must ask the user to confirm before it calls
 * `enroll`, because the link may come from anywhere and redeeming spends the one-time token.
 */
export const OpenViewEvent = z.object({
  view: ShellView,
  enrollLink: z.object({ apiHost: z.string(), token: z.string() }).nullable(),
});
export type OpenViewEvent = z.infer<typeof OpenViewEvent>;

/** Everything the host pushes without being asked. */
export const HOST_API_EVENTS = {
  /** The whole snapshot, whenever any part of it changed. */
  snapshot: HostSnapshot,
  logLines: LogLinesEvent,
  metricSample: HealthSample,
  enrollProgress: EnrollProgressEvent,
  openView: OpenViewEvent,
} as const;

export type HostApiEvents = typeof HOST_API_EVENTS;
export type HostApiEvent = keyof HostApiEvents;
export type HostApiEventPayload<E extends HostApiEvent> = z.output<HostApiEvents[E]>;

export function isHostApiEvent(name: string): name is HostApiEvent {
  return Object.hasOwn(HOST_API_EVENTS, name);
}
