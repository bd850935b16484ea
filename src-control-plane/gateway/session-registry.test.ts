import { describe, expect, it } from 'vitest';
import type { CloseName } from '../../src-shared/agent-protocol/index.js';
import { SessionRegistry, type LiveSession } from './session-registry.js';

function session(agentId: string, sessionId: string, epoch: number | null) {
  const ended: CloseName[] = [];
  const live: LiveSession & { ended: CloseName[] } = {
    agentId,
    sessionId,
    epoch,
    ended,
    end: (name) => ended.push(name),
  };
  return live;
}

describe('SessionRegistry across replicas', () => {
  it('closes its session as superseded when another replica claims with a higher epoch', () => {
    const registry = new SessionRegistry();
    const here = session('agt_1', 'ses_a', 4);
    registry.claim(here);
    registry.supersedeOlder('agt_1', 'ses_b', 5);
    expect(here.ended).toEqual(['superseded']);
    expect(registry.isLive(here)).toBe(false);
    expect(registry.release(here)).toBe(false);
  });

  it('keeps its session when the other claim is older, its own, or its own claim is not known yet', () => {
    const registry = new SessionRegistry();
    const newer = session('agt_1', 'ses_a', 7);
    const pending = session('agt_2', 'ses_c', null);
    registry.claim(newer);
    registry.claim(pending);
    registry.supersedeOlder('agt_1', 'ses_b', 6);
    registry.supersedeOlder('agt_1', 'ses_a', 7);
    registry.supersedeOlder('agt_2', 'ses_d', 9);
    registry.supersedeOlder('agt_3', 'ses_e', 1);
    expect(newer.ended).toEqual([]);
    expect(pending.ended).toEqual([]);
  });

  it('closes a session the store says it lost, with the reason, only if it is still that session', () => {
    const registry = new SessionRegistry();
    const revoked = session('agt_1', 'ses_a', 1);
    const taken = session('agt_2', 'ses_b', 1);
    const current = session('agt_3', 'ses_new', 2);
    for (const s of [revoked, taken, current]) registry.claim(s);
    const epoch = registry.terminationEpoch;
    registry.endLost('agt_1', 'ses_a', 'revoked');
    registry.endLost('agt_2', 'ses_b', 'superseded');
    registry.endLost('agt_3', 'ses_old', 'deregistered');
    expect(revoked.ended).toEqual(['revoked']);
    expect(taken.ended).toEqual(['superseded']);
    expect(current.ended).toEqual([]);
    // A revoke bumps the epoch a session mid-authentication checks; a takeover does not need to.
    expect(registry.terminationEpoch).toBe(epoch + 1);
  });
});
