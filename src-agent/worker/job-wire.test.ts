import { describe, expect, it } from 'vitest';
import { AgentMessage, type JobAssignMessage } from '../../src-shared/agent-protocol/index.js';
import type { OutboxEvent } from '../jobs/outbox.js';
import { specFromAssign, wireFromOutboxEvent } from './job-wire.js';

const JOB = 'job_01jq8p0000000000000000000a';
const assign: JobAssignMessage = {
  type: 'job_assign',
  job_id: JOB,
  epoch: 3,
  attempt: 2,
  name: 'n',
  steps: [
    { name: 'a', run: 'echo a', env: { X: '1' }, timeout_seconds: 5 },
    { name: 'b', run: 'echo b', env: {}, timeout_seconds: null },
  ],
  timeout_seconds: null,
  cancel_grace_seconds: 2,
  accept_deadline_ms: 1000,
};

function event(type: OutboxEvent['type'], payload: Record<string, unknown>): OutboxEvent {
  return {
    id: 'evt_00000000-0000-0000-0000-000000000001',
    seq: 0,
    type,
    jobId: JOB,
    attempt: 2,
    payload,
    createdAt: 0,
  };
}

describe('job wire mapping', () => {
  it('maps an assignment onto the spec (null timeouts absent, epoch as lease epoch)', () => {
    expect(specFromAssign(assign)).toEqual({
      jobId: JOB,
      attempt: 2,
      leaseEpoch: 3,
      steps: [
        { name: 'a', run: 'echo a', env: { X: '1' }, timeoutSeconds: 5 },
        { name: 'b', run: 'echo b', env: {} },
      ],
      cancelGraceSeconds: 2,
    });
    expect(specFromAssign({ ...assign, cancel_grace_seconds: null }).cancelGraceSeconds).toBe(10);
  });

  it('refuses an assignment the job core cannot run, naming the field', () => {
    const bad = {
      ...assign,
      steps: [{ name: 'a', run: 'x', env: { PLANASONIX_JOB_ID: 'y' }, timeout_seconds: null }],
    };
    expect(() => specFromAssign(bad)).toThrow(
      /steps\.0\.env\.PLANASONIX_JOB_ID: must not start with PLANASONIX_/,
    );
  });

  it('phrases accept, start and result events as frames the session schema accepts', () => {
    const accept = wireFromOutboxEvent(event('accept', { leaseEpoch: 3 }));
    expect(accept).toEqual({ type: 'job_accept', event_id: event('accept', {}).id, job_id: JOB, epoch: 3 });
    const start = wireFromOutboxEvent(
      event('start', { leaseEpoch: 3, startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678) }),
    );
    expect(start).toMatchObject({ type: 'job_start', started_at: '2026-01-02T03:04:05Z' });
    const result = wireFromOutboxEvent(
      event('result', {
        leaseEpoch: 3,
        result: {
          status: 'failed',
          exitCode: 7,
          steps: [{ name: 'a', status: 'failed', exitCode: 7 }],
          logLength: 12,
          logSha256: 'a'.repeat(64),
          logTruncated: false,
          startedAt: null,
          finishedAt: Date.UTC(2026, 0, 2),
        },
      }),
    );
    expect(result).toMatchObject({
      type: 'job_result',
      status: 'failed',
      exit_code: 7,
      steps: [{ name: 'a', status: 'failed', exit_code: 7 }],
      log_length: 12,
      started_at: null,
      finished_at: '2026-01-02T00:00:00Z',
    });
    for (const message of [accept, start, result]) expect(AgentMessage.safeParse(message).success).toBe(true);
  });

  it('refuses an event without its lease epoch or start time instead of sending nonsense', () => {
    expect(() => wireFromOutboxEvent(event('accept', {}))).toThrow(/holds no lease epoch/);
    expect(() => wireFromOutboxEvent(event('start', { leaseEpoch: 1 }))).toThrow(/holds no start time/);
  });
});
