import { describe, expect, it } from 'vitest';
import { proxyFor } from './proxy-for.js';

const P = 'http://proxy.corp:3128';

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https and wss alike, HTTP_PROXY for http and ws', () => {
    const env = { HTTPS_PROXY: P, HTTP_PROXY: 'http://plain:8080' };
    expect(proxyFor('https://api.example.com', env)).toBe(P);
    expect(proxyFor('wss://api.example.com/api/agents/session', env)).toBe(P);
    expect(proxyFor('http://api.example.com', env)).toBe('http://plain:8080');
    expect(proxyFor('ws://api.example.com', env)).toBe('http://plain:8080');
  });

  it('goes direct when nothing is set, and does not borrow HTTP_PROXY for https', () => {
    expect(proxyFor('https://api.example.com', {})).toBeNull();
    expect(proxyFor('https://api.example.com', { HTTP_PROXY: P })).toBeNull();
  });

  it('prefers the lower-case variable', () => {
    expect(proxyFor('https://a.example', { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2' })).toBe(
      'http://low:1',
    );
  });

  it('lets the proxy setting win over the environment', () => {
    expect(proxyFor('https://a.example', { HTTPS_PROXY: P }, { proxyUrl: 'http://set:9' })).toBe(
      'http://set:9',
    );
    expect(proxyFor('http://a.example', {}, { proxyUrl: 'http://set:9' })).toBe('http://set:9');
  });

  it('adds http:// to a proxy given as host:port', () => {
    expect(proxyFor('https://a.example', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe(P);
  });

  describe('NO_PROXY', () => {
    const withNo = (noProxy: string) => ({ HTTPS_PROXY: P, NO_PROXY: noProxy });

    it('exempts a domain and its subdomains, with or without a leading dot or *.', () => {
      for (const entry of ['example.com', '.example.com', '*.example.com']) {
        expect(proxyFor('https://api.example.com', withNo(entry))).toBeNull();
        expect(proxyFor('https://example.com', withNo(entry))).toBeNull();
        expect(proxyFor('https://notexample.com', withNo(entry))).toBe(P);
      }
    });

    it('matches case-insensitively and in comma or space separated lists', () => {
      expect(proxyFor('https://API.Example.COM', withNo('foo.test, EXAMPLE.com'))).toBeNull();
      expect(proxyFor('https://a.internal', withNo('foo.test a.internal'))).toBeNull();
    });

    it('exempts everything with *', () => {
      expect(proxyFor('https://anything.example', withNo('*'))).toBeNull();
    });

    it('honours a port only when given', () => {
      expect(proxyFor('https://api.example.com', withNo('api.example.com:443'))).toBeNull();
      expect(proxyFor('https://api.example.com:8443', withNo('api.example.com:443'))).toBe(P);
      expect(proxyFor('https://api.example.com:8443', withNo('api.example.com'))).toBeNull();
    });

    it('matches IP addresses exactly and by CIDR, IPv4 and IPv6', () => {
      expect(proxyFor('https://10.1.2.3', withNo('10.1.2.3'))).toBeNull();
      expect(proxyFor('https://10.1.2.4', withNo('10.1.2.3'))).toBe(P);
      expect(proxyFor('https://10.1.2.3', withNo('10.0.0.0/8'))).toBeNull();
      expect(proxyFor('https://11.1.2.3', withNo('10.0.0.0/8'))).toBe(P);
      expect(proxyFor('https://[::1]:8443', withNo('::1'))).toBeNull();
      expect(proxyFor('https://[::1]:8443', withNo('[::1]:8443'))).toBeNull();
      expect(proxyFor('https://[fd00::5]', withNo('fd00::/8'))).toBeNull();
      expect(proxyFor('https://api.example.com', withNo('10.0.0.0/8'))).toBe(P);
    });

    it('ignores malformed entries instead of failing', () => {
      expect(proxyFor('https://10.1.2.3', withNo('10.0.0.0/99, ,/,:'))).toBe(P);
    });

    it('applies the settings list as well as the environment', () => {
      expect(proxyFor('https://a.internal', { HTTPS_PROXY: P }, { noProxy: 'internal' })).toBeNull();
      expect(proxyFor('https://a.internal', {}, { proxyUrl: P, noProxy: '.internal' })).toBeNull();
    });

    it('does not exempt loopback unless listed', () => {
      expect(proxyFor('http://127.0.0.1:4000', { HTTP_PROXY: P })).toBe(P);
      expect(proxyFor('http://127.0.0.1:4000', { HTTP_PROXY: P, no_proxy: '127.0.0.1' })).toBeNull();
    });
  });
});
