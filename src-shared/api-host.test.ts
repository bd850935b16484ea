import { describe, expect, it } from 'vitest';
import { ApiHostUrl, checkApiHost } from './api-host.js';

const problem = (text: string) => {
  const checked = checkApiHost(text);
  return checked.ok ? null : checked.problem;
};

describe('checkApiHost', () => {
  it('accepts http and https base URLs, with a port or a path prefix', () => {
    for (const url of [
      'https://api.planasonix.com',
      'http://127.0.0.1:8080/',
      'https://cp.example/planasonix',
    ]) {
      expect(problem(url), url).toBeNull();
    }
  });

  it('refuses other schemes, ftp:// included, naming the scheme', () => {
    expect(problem('ftp://cp.example')).toBe('must be an http:// or https:// URL, not ftp://');
    expect(problem('file:///etc/passwd')).toBe('must be an http:// or https:// URL, not file://');
  });

  it('refuses credentials, a query and a fragment', () => {
    expect(problem('https://user:pw@cp.example')).toBe('must not carry a user name or password');
    expect(problem('https://user@cp.example')).toBe('must not carry a user name or password');
    expect(problem('https://cp.example/?token=x')).toBe('must not carry a query or a fragment');
    expect(problem('https://cp.example/#x')).toBe('must not carry a query or a fragment');
  });

  it('refuses what is not a URL, quoting (a bounded part of) it', () => {
    expect(problem('cp.example')).toBe('"cp.example" is not a URL');
    expect(problem('x'.repeat(500))?.length).toBeLessThan(230);
  });
});

describe('ApiHostUrl', () => {
  it('keeps the value as given and reports the check problem as the issue', () => {
    expect(ApiHostUrl.parse('https://cp.example/')).toBe('https://cp.example/');
    expect(ApiHostUrl.safeParse('ftp://cp.example').error?.issues[0]?.message).toBe(
      'must be an http:// or https:// URL, not ftp://',
    );
  });
});
