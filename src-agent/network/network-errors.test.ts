import { describe, expect, it } from 'vitest';
import { describeNetworkError } from './network-errors.js';

const err = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeNetworkError', () => {
  it.each([
    [err('ENOTFOUND'), 'dns', /does not resolve/],
    [err('ECONNREFUSED'), 'refused', /refused the connection/],
    [err('ETIMEDOUT'), 'timeout', /did not answer in time/],
    [err('ECONNRESET'), 'reset', /ECONNRESET/],
    [err('CERT_HAS_EXPIRED'), 'tls', /expired; check this machine's clock/],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', /another host name/],
    [err('SELF_SIGNED_CERT_IN_CHAIN'), 'tls', /not trusted .*CA bundle/],
    [new Error('Proxy answered 407'), 'proxy', /proxy failed/],
    [new Error('weird'), 'other', /weird/],
  ])('%s', (error, kind, message) => {
    const d = describeNetworkError(error, 'https://cp.example');
    expect(d.kind).toBe(kind);
    expect(d.message).toMatch(message);
  });
});
