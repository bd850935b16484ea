import { describe, expect, it } from 'vitest';
import { explainEnrollFailure } from './explain-failure.js';

describe('explainEnrollFailure', () => {
  it('explains a failed preflight check by the check, with its detail, and keeps the token', () => {
    const why = explainEnrollFailure({ code: 'worker_error', message: 'preflight failed' }, [
      { name: 'dns', status: 'passed', detail: 'resolves' },
      { name: 'clock', status: 'failed', detail: 'this clock is 7 min 12 s behind the server' },
    ]);
    expect(why).toMatchObject({ title: "This computer's clock is wrong", tokenKept: true });
    expect(why.detail).toBe('this clock is 7 min 12 s behind the server');
    expect(why.fix).toMatch(/automatic time/);
  });

  it('tells an expired token apart, with how to get a new one', () => {
    const why = explainEnrollFailure(
      { code: 'worker_error', message: 'the enrollment token has expired: ask an operator for a new one' },
      [],
    );
    expect(why.title).toBe('The enrollment token has expired');
    expect(why.fix).toMatch(/Agents, pick this agent and choose Enable/);
    expect(why.tokenKept).toBe(false);
  });

  it('tells an unknown and a used token apart', () => {
    const unknown = explainEnrollFailure(
      {
        code: 'worker_error',
        message:
          'the control plane does not know this enrollment token (mistyped, or replaced by a newer one)',
      },
      [],
    );
    expect(unknown.title).toBe('The control plane does not know this token');
    const used = explainEnrollFailure(
      {
        code: 'worker_error',
        message: 'the enrollment token was already used: each token enrolls one agent, once',
      },
      [],
    );
    expect(used.title).toBe('This token was already used');
  });

  it('explains host-side failures by code', () => {
    expect(explainEnrollFailure({ code: 'transport_closed', message: 'closed' }, []).title).toMatch(
      /connection/,
    );
    expect(explainEnrollFailure({ code: 'worker_unavailable', message: 'x' }, []).fix).toMatch(/restart/);
    expect(explainEnrollFailure({ code: 'internal', message: 'boom' }, []).fix).toMatch(/diagnostics/);
  });
});
