import { describe, expect, it } from 'vitest';
import { createHostApiClient } from './client.js';
import type { HostApiTransport } from './client.js';
import { HostApiError } from './envelope.js';
import type { HostApiRequest } from './envelope.js';
import { createMessageTransport } from './message-transport.js';
import type { MessageChannel } from './message-transport.js';
import { DEFAULT_HOST_SETTINGS } from './settings.js';

function transportAnswering(answer: (request: HostApiRequest) => unknown) {
  const listeners = new Set<(message: unknown) => void>();
  const sent: HostApiRequest[] = [];
  const transport: HostApiTransport = {
    call: (request) => {
      sent.push(request);
      return Promise.resolve(answer(request));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, sent, push: (message: unknown) => listeners.forEach((l) => l(message)) };
}

describe('createHostApiClient', () => {
  it('returns the validated result of a call', async () => {
    const { transport, sent } = transportAnswering((r) => ({
      id: r.id,
      ok: true,
      result: DEFAULT_HOST_SETTINGS,
    }));
    const client = createHostApiClient(transport);
    await expect(client.getSettings()).resolves.toEqual(DEFAULT_HOST_SETTINGS);
    expect(sent[0]).toMatchObject({ method: 'getSettings', params: {} });
  });

  it('rethrows an error envelope as a HostApiError with its code', async () => {
    const { transport } = transportAnswering((r) => ({
      id: r.id,
      ok: false,
      error: { code: 'bad_request', message: 'limit: too big' },
    }));
    const error = await createHostApiClient(transport)
      .logs({ source: 'host', limit: 5000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostApiError);
    expect(error).toMatchObject({ code: 'bad_request', message: 'limit: too big' });
  });

  it('refuses a result that breaks the contract', async () => {
    const { transport } = transportAnswering((r) => ({ id: r.id, ok: true, result: { logLevel: 'loud' } }));
    await expect(createHostApiClient(transport).getSettings()).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('delivers only valid events of the subscribed kind', () => {
    const { transport, push } = transportAnswering(() => null);
    const client = createHostApiClient(transport);
    const seen: number[] = [];
    const off = client.on('enrollProgress', (p) => seen.push(p.checks.length));
    push({ event: 'enrollProgress', payload: { checks: [{ name: 'dns', status: 'passed', detail: null }] } });
    push({ event: 'enrollProgress', payload: { checks: 'nope' } });
    push({ event: 'metricSample', payload: {} });
    off();
    push({ event: 'enrollProgress', payload: { checks: [] } });
    expect(seen).toEqual([1]);
  });
});

describe('createMessageTransport', () => {
  function fakeChannel() {
    const handlers: { message?: (text: string) => void; close?: () => void } = {};
    const sent: string[] = [];
    const channel: MessageChannel = {
      send: (text) => sent.push(text),
      onMessage: (l) => (handlers.message = l),
      onClose: (l) => (handlers.close = l),
    };
    return { channel, sent, handlers };
  }

  it('matches responses to requests by id and passes other messages to subscribers', async () => {
    const { channel, sent, handlers } = fakeChannel();
    const transport = createMessageTransport(channel);
    const events: unknown[] = [];
    transport.subscribe((m) => events.push(m));
    const first = transport.call({ id: 1, method: 'pause' });
    const second = transport.call({ id: 2, method: 'resume' });
    expect(sent.map((t) => (JSON.parse(t) as { id: number }).id)).toEqual([1, 2]);
    handlers.message?.(JSON.stringify({ id: 2, ok: true, result: { b: 1 } }));
    handlers.message?.(JSON.stringify({ event: 'metricSample', payload: {} }));
    handlers.message?.('not json');
    handlers.message?.(JSON.stringify({ id: 1, ok: true, result: { a: 1 } }));
    await expect(first).resolves.toMatchObject({ result: { a: 1 } });
    await expect(second).resolves.toMatchObject({ result: { b: 1 } });
    expect(events).toEqual([{ event: 'metricSample', payload: {} }]);
  });

  it('fails pending and later calls with transport_closed once the channel closes', async () => {
    const { channel, handlers } = fakeChannel();
    const transport = createMessageTransport(channel);
    const pending = transport.call({ id: 1, method: 'snapshot' });
    handlers.close?.();
    await expect(pending).rejects.toMatchObject({ code: 'transport_closed' });
    await expect(transport.call({ id: 2, method: 'snapshot' })).rejects.toMatchObject({
      code: 'transport_closed',
    });
  });
});
