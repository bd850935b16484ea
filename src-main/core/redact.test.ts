import { describe, expect, it } from 'vitest';
import { redactSecrets, REDACTED } from './redact.js';

describe('redactSecrets', () => {
  it('replaces enrollment tokens, API keys and UI tokens in URLs', () => {
    const { text, count } = redactSecrets(
      'enroll with plnx_enroll_AbC-12_x then key plnx_key_01abc_s3cr3t; ui at http://127.0.0.1:1/#token=deadbeef',
    );
    expect(text).toBe(
      `enroll with ${REDACTED} then key ${REDACTED}; ui at http://127.0.0.1:1/#token=${REDACTED}`,
    );
    expect(count).toBe(3);
  });

  it('removes a whole PEM block, even one cut off before its end line', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----';
    expect(redactSecrets(`key:\n${pem}\nafter`).text).toBe(`key:\n${REDACTED}\nafter`);
    expect(redactSecrets('-----BEGIN PRIVATE KEY-----\nMC4CAQAw').text).toBe(REDACTED);
  });

  it('leaves text without secrets alone', () => {
    expect(redactSecrets('connected to https://cp.example as agt_01')).toEqual({
      text: 'connected to https://cp.example as agt_01',
      count: 0,
    });
  });
});
