import { describe, expect, it, vi } from 'vitest';
import { hostSocketUrl, pickTransport, tokenFromFragment } from './pick-transport.js';

describe('pickTransport', () => {
  it('reads the token from the URL fragment and points the socket at /api on the same host', () => {
    expect(tokenFromFragment('#token=abc_DEF-1')).toBe('abc_DEF-1');
    expect(tokenFromFragment('#other=1')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
    expect(hostSocketUrl('http://127.0.0.1:4123/#token=abc', 'abc')).toBe(
      'ws://127.0.0.1:4123/api?token=abc',
    );
  });

  it('uses the preload bridge when Electron exposes one', async () => {
    const request = vi.fn(() => Promise.resolve({ id: 1, ok: true, result: {} }));
    const scope = { planasonixHost: { request, onEvent: () => () => undefined }, location: { hash: '' } };
    const transport = pickTransport(scope as unknown as Window);
    expect(transport.link()).toEqual({ state: 'open' });
    await transport.call({ id: 1, method: 'pause', params: {} });
    expect(request).toHaveBeenCalledWith({ id: 1, method: 'pause', params: {} });
  });

  it('says how to fix a page opened without its token', async () => {
    const transport = pickTransport({
      location: { hash: '', href: 'http://127.0.0.1:1/' },
    } as unknown as Window);
    const link = transport.link();
    expect(link.state).toBe('failed');
    expect(link.state === 'failed' ? link.reason : '').toMatch(/#token=/);
    await expect(transport.call({ id: 1, method: 'snapshot' })).rejects.toMatchObject({
      code: 'transport_closed',
    });
  });
});
