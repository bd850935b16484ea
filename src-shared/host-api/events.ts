import { z } from 'zod';
import { HealthSample, PreflightCheck } from '../worker-link.js';
import { LogLinesEvent } from './logs.js';
import { HostSnapshot } from './snapshot.js';

export const EnrollProgressEvent = z.object({ checks: z.array(PreflightCheck) });
export type EnrollProgressEvent = z.infer<typeof EnrollProgressEvent>;

/** Everything the host pushes without being asked. */
export const HOST_API_EVENTS = {
  /** The whole snapshot, whenever any part of it changed. */
  snapshot: HostSnapshot,
  logLines: LogLinesEvent,
  metricSample: HealthSample,
  enrollProgress: EnrollProgressEvent,
} as const;

export type HostApiEvents = typeof HOST_API_EVENTS;
export type HostApiEvent = keyof HostApiEvents;
export type HostApiEventPayload<E extends HostApiEvent> = z.output<HostApiEvents[E]>;

export function isHostApiEvent(name: string): name is HostApiEvent {
  return Object.hasOwn(HOST_API_EVENTS, name);
}
