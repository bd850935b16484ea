import { describe, expect, it } from 'vitest';
import { AGENT_SUBPROTOCOL, chooseSubprotocol, subprotocolVersion } from './handshake.js';

describe('subprotocol negotiation', () => {
  it('names version 1 planasonix.agent.v1', () => {
    expect(AGENT_SUBPROTOCOL).toBe('planasonix.agent.v1');
    expect(subprotocolVersion('planasonix.agent.v1')).toBe(1);
  });

  it('reads no version from look-alikes', () => {
    for (const p of ['planasonix.agent.v', 'planasonix.agent.v01', 'planasonix.agent.v1 ', 'graphql-ws']) {
      expect(subprotocolVersion(p)).toBeNull();
    }
  });

  it('accepts the current version among others', () => {
    expect(chooseSubprotocol(['graphql-ws', 'planasonix.agent.v1', 'planasonix.agent.v9'])).toEqual({
      kind: 'accept',
      protocol: 'planasonix.agent.v1',
    });
  });

  it('answers a client offering only older versions with too_old, echoing its protocol', () => {
    expect(chooseSubprotocol(['planasonix.agent.v0'])).toEqual({
      kind: 'too_old',
      protocol: 'planasonix.agent.v0',
    });
  });

  it('refuses a client that offers nothing of ours or only newer versions', () => {
    expect(chooseSubprotocol([])).toEqual({ kind: 'refuse' });
    expect(chooseSubprotocol(['chat'])).toEqual({ kind: 'refuse' });
    expect(chooseSubprotocol(['planasonix.agent.v2'])).toEqual({ kind: 'refuse' });
  });
});
