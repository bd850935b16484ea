import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src-shared/agent-protocol/index.js';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { connectScriptedAgent, enrollScriptedAgent, heartbeatMessage } from '../../helpers/scripted-agent.js';
import { startReplicas, type ReplicaSet } from '../../helpers/replicas.js';

/**
 * Sessions across replicas, with scripted agents connected straight to a chosen replica. Heartbeats
 * every 10 s: a close within a second cannot come from the heartbeat-ack snapshot, only from the
 * replicas telling each other.
 */
let set: ReplicaSet;
let first: ControlPlaneForAgents;
let second: ControlPlaneForAgents;

beforeAll(async () => {
  set = await startReplicas({ count: 2, heartbeatSeconds: 10 });
  [first, second] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
});
afterAll(() => set.stop());

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

describe('agent sessions across two replicas on one PostgreSQL', () => {
  it.each([
    { action: 'revoke', close: 'revoked' as const },
    { action: 'delete', close: 'deregistered' as const },
  ])('a $action sent to one replica closes the session another holds within a second', async (c) => {
    const { agentId, identity } = await enrollScriptedAgent(first.cp.url, set.apiKey);
    const session = await connectScriptedAgent(first.cp.url, agentId, identity);
    const sentAt = performance.now();
    const answer =
      c.action === 'revoke'
        ? await second.api(`/api/agents/revoke/${agentId}`, { method: 'POST', body: { reason: 'left' } })
        : await second.api(`/api/agents/${agentId}`, { method: 'DELETE' });
    expect(answer.status).toBeLessThan(300);
    const closed = await within(session.closed, 3_000, 'the close');
    const elapsed = performance.now() - sentAt;
    expect(closed.code).toBe(CLOSE_CODES[c.close].code);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('a second session of the same agent on another replica supersedes the first, which closes', async () => {
    const { agentId, identity } = await enrollScriptedAgent(second.cp.url, set.apiKey);
    const older = await connectScriptedAgent(first.cp.url, agentId, identity);
    const newer = await connectScriptedAgent(second.cp.url, agentId, identity);
    const closed = await within(older.closed, 3_000, 'the older session closing');
    expect(closed.code).toBe(CLOSE_CODES.superseded.code);
    // The newer one stays: it is answered, and nothing closes it.
    newer.send(heartbeatMessage(1));
    expect(await newer.next()).toMatchObject({ type: 'heartbeat_ack', seq: 1 });
    const connected = (await second.connected()).map((agent) => agent.id);
    expect(connected).toContain(agentId);
    expect(await newer.close()).toMatchObject({ code: 1000 });
  });
});
