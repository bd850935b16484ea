import type { JobStatus } from './job-result.js';

/**
 * A job's life on the agent. `finished` means the result is in the outbox; `reported` that the
 * server acked it (the workspace can go); `cleaned` that the log was acked too and every file is gone.
 */
export type JobPhase = 'accepted' | 'running' | 'stopping' | 'finished' | 'reported' | 'cleaned';
export type JobStopReason = 'cancelled' | 'timed_out';

export interface JobState {
  phase: JobPhase;
  stopReason: JobStopReason | null;
  status: JobStatus | null;
}

export type JobEvent =
  | { type: 'start' }
  | { type: 'stop_requested'; reason: JobStopReason }
  | { type: 'finished'; status: JobStatus }
  | { type: 'result_acked' }
  | { type: 'cleaned' };

export const initialJobState: JobState = { phase: 'accepted', stopReason: null, status: null };

const ALLOWED_FROM: Record<JobEvent['type'], readonly JobPhase[]> = {
  start: ['accepted'],
  stop_requested: ['accepted', 'running'],
  finished: ['accepted', 'running', 'stopping'],
  result_acked: ['finished'],
  cleaned: ['reported'],
};

/** The next state, or null when the event does not apply now (a cancel of a finished job, say). */
export function transitionJob(state: JobState, event: JobEvent): JobState | null {
  if (!ALLOWED_FROM[event.type].includes(state.phase)) return null;
  switch (event.type) {
    case 'start':
      return { ...state, phase: 'running' };
    case 'stop_requested':
      return { ...state, phase: 'stopping', stopReason: event.reason };
    case 'finished':
      return { ...state, phase: 'finished', status: event.status };
    case 'result_acked':
      return { ...state, phase: 'reported' };
    case 'cleaned':
      return { ...state, phase: 'cleaned' };
  }
}
