import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src-shared/agent-protocol/index.js';
import { classifySessionEnd } from './classify-session-end.js';

const T = 'http://127.0.0.1:4000';
const closed = (code: number, reason = '') =>
  classifySessionEnd({ kind: 'closed', code, reason, wasLive: true }, T);

describe('classifySessionEnd', () => {
  it('wipes on revoked and deregistered', () => {
    expect(closed(CLOSE_CODES.revoked.code)).toMatchObject({
      action: 'revoked',
      reason: expect.stringContaining('revoked') as unknown,
    });
    expect(closed(CLOSE_CODES.deregistered.code)).toMatchObject({
      action: 'revoked',
      reason: expect.stringContaining('deleted') as unknown,
    });
  });

  it('stops without wiping when superseded or too old', () => {
    expect(closed(CLOSE_CODES.superseded.code).action).toBe('stop');
    expect(closed(CLOSE_CODES.protocol_too_old.code)).toMatchObject({
      action: 'stop',
      reason: expect.stringContaining('upgrade') as unknown,
    });
  });

  it('retries auth failures as auth, server trouble as server, drops as network', () => {
    expect(closed(CLOSE_CODES.auth_failed.code)).toMatchObject({ action: 'retry', failure: 'auth' });
    expect(closed(CLOSE_CODES.auth_timeout.code)).toMatchObject({ action: 'retry', failure: 'auth' });
    expect(closed(CLOSE_CODES.server_shutdown.code)).toMatchObject({ action: 'retry', failure: 'server' });
    expect(closed(CLOSE_CODES.overloaded.code)).toMatchObject({ action: 'retry', failure: 'server' });
    expect(closed(1006)).toMatchObject({
      action: 'retry',
      failure: 'network',
      reason: 'the connection dropped',
    });
    expect(closed(1001, 'going away')).toMatchObject({
      action: 'retry',
      failure: 'server',
      reason: 'the connection closed (code 1001): going away',
    });
  });

  it('reads a refused upgrade and a socket error', () => {
    expect(classifySessionEnd({ kind: 'refused', status: 401, wasLive: false }, T)).toMatchObject({
      failure: 'auth',
    });
    expect(classifySessionEnd({ kind: 'refused', status: 404, wasLive: false }, T).reason).toMatch(
      /no agent session endpoint/,
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifySessionEnd({ kind: 'failed', error: refused, wasLive: false }, T)).toEqual({
      action: 'retry',
      failure: 'network',
      reason: `${T} refused the connection`,
    });
  });
});
