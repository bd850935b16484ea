import { WorkerPhase, type WorkerState } from '../../src-shared/worker-link.js';

/**
 * Why a session is not up. Told apart because each asks something else of the operator: network
 * (wait, check the network or proxy), auth (the key is not accepted), revoked (enroll again).
 */
export type FailureKind = 'network' | 'auth' | 'server' | 'revoked';

/** The worker's published state: the link contract's `WorkerState` plus the kind of the last failure. */
export type AgentWorkerState = WorkerState & { failure: FailureKind | null };

export type WorkerEvent =
  | { type: 'enroll_started'; apiHost: string }
  | { type: 'enroll_failed'; reason: string; at: number }
  | { type: 'credential_ready'; agentId: string; apiHost: string }
  | { type: 'connect_started' }
  | { type: 'connected'; at: number }
  | { type: 'heartbeat_acked'; at: number }
  | {
      type: 'disconnected';
      failure: Exclude<FailureKind, 'revoked'>;
      reason: string;
      at: number;
      nextRetryAt: number;
    }
  | { type: 'revoked'; reason: string; at: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'unenrolled' }
  /** Running jobs or the slot count changed: the host's tray and quit sequence read these. */
  | { type: 'jobs_changed'; activeJobs: number; slots: number }
  | { type: 'fatal'; failure: FailureKind | null; reason: string; at: number };

export function initialWorkerState(slots = 1): AgentWorkerState {
  return {
    phase: 'not_enrolled',
    agentId: null,
    apiHost: null,
    reason: null,
    nextRetryAt: null,
    lastHeartbeatAt: null,
    activeJobs: 0,
    slots,
    lastError: null,
    failure: null,
  };
}

const ALLOWED_FROM: Record<WorkerEvent['type'], readonly WorkerPhase[]> = {
  enroll_started: ['not_enrolled', 'revoked', 'error'],
  enroll_failed: ['enrolling'],
  credential_ready: ['not_enrolled', 'enrolling'],
  connect_started: ['connecting', 'reconnecting'],
  connected: ['connecting'],
  heartbeat_acked: ['connected'],
  disconnected: ['connecting', 'connected', 'reconnecting'],
  revoked: ['connecting', 'connected', 'reconnecting', 'paused'],
  paused: ['connecting', 'connected', 'reconnecting'],
  resumed: ['paused'],
  unenrolled: ['not_enrolled', 'connecting', 'connected', 'reconnecting', 'paused', 'revoked', 'error'],
  jobs_changed: WorkerPhase.options,
  fatal: WorkerPhase.options,
};

/** The next state, or null when the event makes no sense in the current phase (the caller logs it). */
export function transition(state: AgentWorkerState, event: WorkerEvent): AgentWorkerState | null {
  if (!ALLOWED_FROM[event.type].includes(state.phase)) return null;
  const calm = { reason: null, nextRetryAt: null, failure: null };
  switch (event.type) {
    case 'enroll_started':
      return { ...state, ...calm, phase: 'enrolling', apiHost: event.apiHost, agentId: null };
    case 'enroll_failed':
      return {
        ...state,
        ...calm,
        phase: 'not_enrolled',
        reason: event.reason,
        lastError: { message: event.reason, at: event.at },
      };
    case 'credential_ready':
      return { ...state, ...calm, phase: 'connecting', agentId: event.agentId, apiHost: event.apiHost };
    case 'connect_started':
      return { ...state, phase: 'connecting', nextRetryAt: null };
    case 'connected':
      return { ...state, ...calm, phase: 'connected', lastHeartbeatAt: event.at };
    case 'heartbeat_acked':
      return { ...state, lastHeartbeatAt: event.at };
    case 'disconnected':
      return {
        ...state,
        phase: 'reconnecting',
        failure: event.failure,
        reason: event.reason,
        nextRetryAt: event.nextRetryAt,
        lastError: { message: event.reason, at: event.at },
      };
    case 'revoked':
      return {
        ...state,
        phase: 'revoked',
        failure: 'revoked',
        reason: event.reason,
        nextRetryAt: null,
        lastError: { message: event.reason, at: event.at },
      };
    case 'paused':
      return { ...state, ...calm, phase: 'paused', reason: 'paused by the host' };
    case 'resumed':
      return { ...state, ...calm, phase: 'connecting' };
    case 'unenrolled':
      return { ...initialWorkerState(state.slots), lastError: state.lastError };
    case 'jobs_changed':
      return { ...state, activeJobs: event.activeJobs, slots: event.slots };
    case 'fatal':
      return {
        ...state,
        phase: 'error',
        failure: event.failure,
        reason: event.reason,
        nextRetryAt: null,
        lastError: { message: event.reason, at: event.at },
      };
  }
}
