import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from './redact.js';

describe('redaction', () => {
  it('masks enrollment tokens, API keys and bearer values inside text', () => {
    const text = redactText(
      'POST with Authorization: Bearer plnx_enroll_abcDEF123_-xyz failed; key plnx_key_01ab_secret and Bearer eyJhbGciOi.x.y',
    );
    expect(text).not.toMatch(/abcDEF123|01ab_secret|eyJhbGciOi/);
    expect(text).toContain('Bearer [redacted] failed; key plnx_key_[redacted]');
    expect(redactText('token plnx_enroll_abc-9')).toBe('token plnx_enroll_[redacted]');
  });

  it('masks whole PEM private key blocks', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    expect(redactText(`key: ${pem}`)).toBe('key: [redacted private key]\n');
  });

  it('masks fields named like secrets at any depth, and error messages', () => {
    const out = redactValue({
      token: 'anything',
      nested: { Authorization: 'x', privateKey: 'y', ok: 'plnx_enroll_zzz' },
      list: [{ password: 'p' }],
      err: new Error('bad plnx_enroll_abc'),
      n: 3,
    });
    expect(out).toEqual({
      token: '[redacted]',
      nested: { Authorization: '[redacted]', privateKey: '[redacted]', ok: 'plnx_enroll_[redacted]' },
      list: [{ password: '[redacted]' }],
      err: { name: 'Error', message: 'bad plnx_enroll_[redacted]' },
      n: 3,
    });
  });
});
