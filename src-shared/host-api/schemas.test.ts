import { describe, expect, it } from 'vitest';
import { HOST_API_METHODS } from './methods.js';
import { applySettingsPatch, DEFAULT_HOST_SETTINGS, HostSettingsPatch } from './settings.js';

const TOKEN = `plnx_enroll_${'A'.repeat(40)}b-_`;

describe('host API params', () => {
  it('requires jobId exactly for job logs', () => {
    const logs = HOST_API_METHODS.logs.params;
    expect(logs.safeParse({ source: 'job' }).success).toBe(false);
    expect(logs.safeParse({ source: 'host', jobId: 'job_01jq8pr0d01abcdefghjkmnpqr' }).success).toBe(false);
    expect(logs.parse({ source: 'agent' }).limit).toBe(200);
  });

  it('refuses before and after together, and limits over the cap', () => {
    const logs = HOST_API_METHODS.logs.params;
    expect(logs.safeParse({ source: 'host', before: 'a', after: 'b' }).success).toBe(false);
    expect(logs.safeParse({ source: 'host', limit: 1001 }).success).toBe(false);
  });

  it('accepts only enrollment tokens and http(s) hosts for enroll', () => {
    const enroll = HOST_API_METHODS.enroll.params;
    expect(enroll.safeParse({ apiHost: 'https://cp.example', token: TOKEN }).success).toBe(true);
    expect(enroll.safeParse({ apiHost: 'ftp://cp.example', token: TOKEN }).success).toBe(false);
    expect(enroll.safeParse({ apiHost: 'https://cp.example', token: 'plnx_key_abc_def' }).success).toBe(
      false,
    );
  });

  it('refuses an enrollment token that is not the real format (43 base64url characters after the prefix)', () => {
    const enroll = HOST_API_METHODS.enroll.params;
    for (const token of ['plnx_enroll_abcdefgh123', `${TOKEN}x`, `${TOKEN.slice(0, -1)}+`]) {
      expect(enroll.safeParse({ apiHost: 'https://cp.example', token }).success, token).toBe(false);
    }
  });

  it('refuses an API host with credentials, a query or a fragment, naming the problem', () => {
    const enroll = HOST_API_METHODS.enroll.params;
    const problems = ['https://u:p@cp.example', 'https://cp.example/?a=1', 'https://cp.example/#x'].map(
      (apiHost) => enroll.safeParse({ apiHost, token: TOKEN }).error?.issues[0]?.message,
    );
    expect(problems).toEqual([
      'must not carry a user name or password',
      'must not carry a query or a fragment',
      'must not carry a query or a fragment',
    ]);
  });
});

describe('settings patch', () => {
  it('merges nested notification flags and keeps the rest', () => {
    const patch = HostSettingsPatch.parse({ notifications: { jobFailed: false }, logLevel: 'debug' });
    const next = applySettingsPatch(DEFAULT_HOST_SETTINGS, patch);
    expect(next.notifications).toEqual({ enrolled: true, revoked: true, jobFailed: false });
    expect(next.logLevel).toBe('debug');
    expect(next.quitGraceSeconds).toBe(DEFAULT_HOST_SETTINGS.quitGraceSeconds);
  });

  it('refuses unknown fields and out-of-range values by name', () => {
    const unknown = HostSettingsPatch.safeParse({ colour: 'red' });
    expect(unknown.success).toBe(false);
    const range = HostSettingsPatch.safeParse({ logFilesKept: 0 });
    expect(range.error?.issues[0]?.path).toEqual(['logFilesKept']);
  });
});
