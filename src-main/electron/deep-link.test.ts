import { describe, expect, it } from 'vitest';
import { findDeepLinkArg, parseEnrollLink } from './deep-link.js';

const TOKEN = 'plnx_enroll_01jq8xxxxxxxxxxxxxxxx_only_shown_once_12345';
const link = (query: string) => `planasonix://enroll?${query}`;

describe('parseEnrollLink', () => {
  it('reads host and token, normalising the host to its origin', () => {
    expect(
      parseEnrollLink(link(`host=${encodeURIComponent('https://cp.example.com/')}&token=${TOKEN}`)),
    ).toEqual({
      ok: true,
      link: { apiHost: 'https://cp.example.com', token: TOKEN },
    });
  });

  it('keeps an explicit http:// host (a local control plane) and its port', () => {
    const parsed = parseEnrollLink(
      link(`host=${encodeURIComponent('http://127.0.0.1:8080')}&token=${TOKEN}`),
    );
    expect(parsed).toEqual({ ok: true, link: { apiHost: 'http://127.0.0.1:8080', token: TOKEN } });
  });

  it('reads a bare host name as https, and accepts the enroll/ and planasonix:enroll spellings', () => {
    const expected = { ok: true, link: { apiHost: 'https://cp.example.com:8443', token: TOKEN } };
    expect(parseEnrollLink(link(`host=cp.example.com:8443&token=${TOKEN}`))).toEqual(expected);
    expect(parseEnrollLink(`planasonix://enroll/?host=cp.example.com:8443&token=${TOKEN}`)).toEqual(expected);
    expect(parseEnrollLink(`planasonix:enroll?host=cp.example.com:8443&token=${TOKEN}`)).toEqual(expected);
  });

  it.each([
    ['not a link', 'hello there', /not a link/],
    ['another scheme', `https://enroll?host=cp.example&token=${TOKEN}`, /must start with planasonix:\/\//],
    ['another action', `planasonix://wipe?host=cp.example&token=${TOKEN}`, /unknown link action "wipe"/],
    ['no host', link(`token=${TOKEN}`), /has no host/],
    ['two hosts', link(`host=a.example&host=b.example&token=${TOKEN}`), /two hosts/],
    ['no token', link('host=cp.example'), /has no token/],
    ['two tokens', link(`host=cp.example&token=${TOKEN}&token=${TOKEN}`), /two tokens/],
    ['an empty host', link(`host=&token=${TOKEN}`), /host in the link is empty/],
    [
      'a javascript: host',
      link(`host=${encodeURIComponent('javascript:alert(1)')}&token=${TOKEN}`),
      /not a valid address/,
    ],
    [
      'a file:// host',
      link(`host=${encodeURIComponent('file:///etc/passwd')}&token=${TOKEN}`),
      /http:\/\/ or https:\/\//,
    ],
    [
      'credentials in the host',
      link(`host=${encodeURIComponent('https://u:p@cp.example')}&token=${TOKEN}`),
      /user name or password/,
    ],
    [
      'a host with a path',
      link(`host=${encodeURIComponent('https://cp.example/x')}&token=${TOKEN}`),
      /just an address/,
    ],
    [
      'a host with a query',
      link(`host=${encodeURIComponent('https://cp.example/?y=1')}&token=${TOKEN}`),
      /must not carry a query or a fragment/,
    ],
    [
      'an API key instead of a token',
      link('host=cp.example&token=plnx_key_abcdefgh_12345678'),
      /not an enrollment token/,
    ],
    ['a too short token', link('host=cp.example&token=plnx_enroll_abc'), /not an enrollment token/],
    ['an overlong link', link(`host=cp.example&token=${TOKEN}&pad=${'x'.repeat(5000)}`), /longer than 4096/],
  ])('refuses %s with a clear message', (_name, raw, message) => {
    const parsed = parseEnrollLink(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/^Cannot use this enrollment link: /);
    expect(parsed.error).toMatch(message);
  });

  it('never repeats a token in its error', () => {
    const parsed = parseEnrollLink(link(`host=${encodeURIComponent('ftp://cp.example')}&token=${TOKEN}`));
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain(TOKEN);
  });
});

describe('findDeepLinkArg', () => {
  it('finds the link a second instance was started with', () => {
    const url = link(`host=cp.example&token=${TOKEN}`);
    expect(findDeepLinkArg(['/opt/Planasonix Agent/planasonix-agent', '--no-sandbox', url])).toBe(url);
    expect(findDeepLinkArg(['electron', 'dist/main/index.js', 'PLANASONIX://enroll'])).toBe(
      'PLANASONIX://enroll',
    );
    expect(findDeepLinkArg(['planasonix-agent', '--hidden'])).toBeNull();
  });
});
