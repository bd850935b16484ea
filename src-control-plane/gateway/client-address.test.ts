import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies } from './client-address.js';

describe('clientAddress', () => {
  const none = new TrustedProxies([]);
  const lb = new TrustedProxies(['10.0.0.0/8', '::1']);

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.45', '198.51.100.1', none)).toBe('203.0.113.45');
    expect(clientAddress('::ffff:127.0.0.1', undefined, none)).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress('203.0.113.45', '198.51.100.1', lb)).toBe('203.0.113.45');
  });

  it('walks right to left past trusted proxies only', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1, 203.0.113.45, 10.0.0.9', lb)).toBe('203.0.113.45');
    expect(clientAddress('::1', ['198.51.100.1', '10.1.2.3'], lb)).toBe('198.51.100.1');
  });

  it('stops at a garbled hop and keeps the last vouched address', () => {
    expect(clientAddress('10.0.0.2', 'evil, not-an-ip', lb)).toBe('10.0.0.2');
  });

  it('is the proxy itself when it sends no header', () => {
    expect(clientAddress('10.0.0.2', undefined, lb)).toBe('10.0.0.2');
  });

  it('is null without a socket address (a socket already gone)', () => {
    expect(clientAddress(undefined, undefined, lb)).toBeNull();
  });
});

describe('TrustedProxies', () => {
  it('refuses entries that are not addresses or ranges, naming them', () => {
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x']) {
      expect(() => new TrustedProxies([bad])).toThrow(`trusted proxy "${bad}"`);
    }
  });

  it('matches v4 peers on dual-stack sockets', () => {
    expect(new TrustedProxies(['127.0.0.1']).trusts('::ffff:127.0.0.1')).toBe(true);
  });
});
