import { describe, expect, it } from 'vitest';
import { REDACTED, redactFields, redactSecrets, redactText } from './redact.js';

describe('redactText', () => {
  it('masks bearer values (keeping the word Bearer), enrollment tokens and API keys', () => {
    const text = redactText(
      'POST with Authorization: Bearer eyJhbGciOi.x.y failed; token plnx_enroll_abcDEF123_-xyz, key plnx_key_01ab_secret',
    );
    expect(text).toBe(
      `POST with Authorization: Bearer ${REDACTED} failed; token ${REDACTED}, key ${REDACTED}`,
    );
  });

  it('masks a bearer value that is itself a token as a bearer value', () => {
    expect(redactText('Authorization: bearer plnx_enroll_abc')).toBe(`Authorization: bearer ${REDACTED}`);
  });

  it('masks token= in URLs (query and fragment) and leaves other parameters', () => {
    expect(redactText('ui at http://127.0.0.1:1/#token=deadbeef and /api?a=1&token=x.y~z%2F&b=2')).toBe(
      `ui at http://127.0.0.1:1/#token=${REDACTED} and /api?a=1&token=${REDACTED}&b=2`,
    );
  });

  it('masks a whole PEM block, and one cut off before its END line to the end of the text', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----';
    expect(redactText(`key:\n${pem}\nafter`)).toBe(`key:\n${REDACTED}\nafter`);
    expect(redactText('x -----BEGIN EC PRIVATE KEY-----\nMC4CAQAw')).toBe(`x ${REDACTED}`);
  });

  it('leaves text without secrets alone, including the bare prefixes a message may name', () => {
    const plain = 'connected to https://cp.example as agt_01; tokens start with plnx_enroll_…';
    expect(redactSecrets(plain)).toEqual({ text: plain, count: 0 });
  });

  it('counts every secret it masked', () => {
    expect(redactSecrets('plnx_enroll_a plnx_key_b Bearer c ?token=d').count).toBe(4);
  });
});

describe('redactFields', () => {
  it('masks fields named like secrets at any depth, whatever they hold, and secret text elsewhere', () => {
    const out = redactFields({
      token: 'anything',
      nested: {
        Authorization: 'x',
        privateKey: 'y',
        ok: 'plnx_enroll_zzz',
        apiKey: 1,
        enrollment_token: null,
      },
      req: { headers: { 'proxy-authorization': 'Basic x', cookie: 's=1' }, url: '/a?token=t' },
      list: [{ password: 'p' }, 'Bearer b'],
      n: 3,
    });
    expect(out).toEqual({
      token: REDACTED,
      nested: {
        Authorization: REDACTED,
        privateKey: REDACTED,
        ok: REDACTED,
        apiKey: REDACTED,
        enrollment_token: REDACTED,
      },
      req: { headers: { 'proxy-authorization': REDACTED, cookie: REDACTED }, url: `/a?token=${REDACTED}` },
      list: [{ password: REDACTED }, `Bearer ${REDACTED}`],
      n: 3,
    });
  });
});
