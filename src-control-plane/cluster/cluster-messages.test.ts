import { describe, expect, it } from 'vitest';
import { decodeClusterMessage, encodeClusterMessage, MAX_PAYLOAD_BYTES } from './cluster-messages.js';

describe('cluster message codec', () => {
  it('round-trips every relayed event with its origin', () => {
    const events = [
      { type: 'agent.revoked', agentId: 'agt_1', revokedAt: 5, reason: null },
      { type: 'agent.deleted', agentId: 'agt_1' },
      { type: 'agent.session_claimed', agentId: 'agt_1', sessionId: 'ses_1', epoch: 3 },
      { type: 'job.queued', jobId: 'job_1' },
      { type: 'job.queued', jobId: 'job_1', fromAgentId: 'agt_2' },
      { type: 'job.cancel_requested', jobId: 'job_1', agentId: 'agt_2', epoch: 2 },
      { type: 'job.finished', jobId: 'job_1', agentId: null },
      { type: 'job.log_appended', jobId: 'job_1' },
    ] as const;
    for (const event of events) {
      const decoded = decodeClusterMessage(encodeClusterMessage({ origin: 'rpl_a', event }));
      expect(decoded).toEqual({ ok: true, message: { origin: 'rpl_a', event } });
    }
  });

  it('refuses to encode a message a NOTIFY cannot carry', () => {
    const reason = 'x'.repeat(2000);
    expect(() =>
      encodeClusterMessage({
        origin: 'r'.repeat(200),
        event: { type: 'agent.revoked', agentId: 'a'.repeat(200), revokedAt: 1, reason },
      }),
    ).not.toThrow();
    const huge = { type: 'job.finished', jobId: 'j'.repeat(MAX_PAYLOAD_BYTES), agentId: null } as const;
    expect(() => encodeClusterMessage({ origin: 'rpl_a', event: huge })).toThrow(/over 7999 bytes/);
  });

  it.each([
    ['not json', 'payload is not JSON'],
    ['{"v":2,"origin":"a","event":{"type":"agent.deleted","agentId":"x"}}', 'v:'],
    ['{"v":1,"origin":"a","event":{"type":"agent.renamed","agentId":"x"}}', 'event.type:'],
    ['{"v":1,"origin":"a","event":{"type":"job.finished","jobId":""}}', 'event.jobId:'],
    ['{"v":1,"event":{"type":"agent.deleted","agentId":"x"}}', 'origin:'],
    ['null', 'not a cluster message'],
  ])('reports %s as a problem, never throws', (payload, problem) => {
    const decoded = decodeClusterMessage(payload);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toContain(problem);
  });
});
