import { describe, expect, it } from 'vitest';
import { WorkerState } from '../../src-shared/worker-link.js';
import {
  initialWorkerState,
  transition,
  type AgentWorkerState,
  type WorkerEvent,
} from './worker-state-machine.js';

const AGENT = 'agt_01jq8p0000000000000000000a';

function run(events: WorkerEvent[], from = initialWorkerState()): AgentWorkerState {
  return events.reduce<AgentWorkerState>((s, e) => {
    const next = transition(s, e);
    if (!next) throw new Error(`${e.type} refused in ${s.phase}`);
    return next;
  }, from);
}

const connected = run([
  { type: 'enroll_started', apiHost: 'https://cp.example' },
  { type: 'credential_ready', agentId: AGENT, apiHost: 'https://cp.example' },
  { type: 'connected', at: 1_000 },
]);

describe('worker state machine', () => {
  it('goes not_enrolled → enrolling → connecting → connected, and the state fits the link contract', () => {
    expect(connected).toMatchObject({ phase: 'connected', agentId: AGENT, lastHeartbeatAt: 1_000 });
    expect(WorkerState.safeParse(connected).success).toBe(true);
  });

  it('records heartbeats only while connected', () => {
    expect(transition(connected, { type: 'heartbeat_acked', at: 5_000 })?.lastHeartbeatAt).toBe(5_000);
    expect(transition(initialWorkerState(), { type: 'heartbeat_acked', at: 5_000 })).toBeNull();
  });

  it('tells network and auth failures apart while reconnecting', () => {
    const net = transition(connected, {
      type: 'disconnected',
      failure: 'network',
      reason: 'connection refused',
      at: 2_000,
      nextRetryAt: 3_000,
    });
    expect(net).toMatchObject({ phase: 'reconnecting', failure: 'network', nextRetryAt: 3_000 });
    const auth = transition(connected, {
      type: 'disconnected',
      failure: 'auth',
      reason: 'signature refused',
      at: 2_000,
      nextRetryAt: 9_000,
    });
    expect(auth).toMatchObject({
      phase: 'reconnecting',
      failure: 'auth',
      lastError: { message: 'signature refused' },
    });
  });

  it('clears the failure once connected again', () => {
    const back = run(
      [
        { type: 'disconnected', failure: 'network', reason: 'reset', at: 2, nextRetryAt: 3 },
        { type: 'connect_started' },
        { type: 'connected', at: 4 },
      ],
      connected,
    );
    expect(back).toMatchObject({ phase: 'connected', failure: null, reason: null, nextRetryAt: null });
    expect(back.lastError?.message).toBe('reset');
  });

  it('goes to revoked from any live phase, and only enrolling leaves it', () => {
    const revoked = transition(connected, { type: 'revoked', reason: 'agent revoked', at: 9 });
    expect(revoked).toMatchObject({ phase: 'revoked', failure: 'revoked' });
    expect(transition(revoked!, { type: 'connect_started' })).toBeNull();
    expect(transition(revoked!, { type: 'enroll_started', apiHost: 'https://x' })?.phase).toBe('enrolling');
  });

  it('pauses and resumes into connecting', () => {
    const paused = transition(connected, { type: 'paused' });
    expect(paused?.phase).toBe('paused');
    expect(transition(paused!, { type: 'connected', at: 1 })).toBeNull();
    expect(transition(paused!, { type: 'resumed' })?.phase).toBe('connecting');
  });

  it('returns to not_enrolled after a failed enrollment, keeping the reason', () => {
    const s = run([
      { type: 'enroll_started', apiHost: 'https://cp.example' },
      { type: 'enroll_failed', reason: 'token expired', at: 5 },
    ]);
    expect(s).toMatchObject({ phase: 'not_enrolled', reason: 'token expired', lastError: { at: 5 } });
  });

  it('forgets the agent on unenroll', () => {
    const s = transition(connected, { type: 'unenrolled' });
    expect(s).toMatchObject({ phase: 'not_enrolled', agentId: null, apiHost: null });
  });

  it('refuses events that make no sense in the phase', () => {
    const start = initialWorkerState();
    expect(transition(start, { type: 'connected', at: 1 })).toBeNull();
    expect(transition(start, { type: 'paused' })).toBeNull();
    expect(transition(start, { type: 'enroll_failed', reason: 'x', at: 1 })).toBeNull();
    expect(transition(connected, { type: 'enroll_started', apiHost: 'https://x' })).toBeNull();
  });

  it('follows the running jobs and slots in any phase, changing nothing else', () => {
    const connected = { ...initialWorkerState(), phase: 'connected' as const, agentId: 'agt_x' };
    expect(transition(connected, { type: 'jobs_changed', activeJobs: 2, slots: 4 })).toEqual({
      ...connected,
      activeJobs: 2,
      slots: 4,
    });
    const paused = { ...connected, phase: 'paused' as const };
    expect(transition(paused, { type: 'jobs_changed', activeJobs: 1, slots: 4 })?.phase).toBe('paused');
  });

  it('reaches error from anywhere on a fatal event', () => {
    expect(
      transition(connected, { type: 'fatal', failure: 'auth', reason: 'protocol too old', at: 1 }),
    ).toMatchObject({
      phase: 'error',
      failure: 'auth',
    });
  });
});
