import { describe, expect, it } from 'vitest';
import { HostApiError } from '../../src-shared/host-api/envelope.js';
import { fullJitterDelayMs } from '../../src-shared/backoff.js';
import type { LinkState } from './renderer-transport.js';
import { createWebSocketTransport, RECONNECT_BACKOFF, type SocketLike } from './websocket-transport.js';

class FakeSocket implements SocketLike {
  readonly sent: string[] = [];
  closed = false;
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();
  constructor(readonly url: string) {}
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function setup({ random = () => 1 }: { random?: () => number } = {}) {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  let now = 1_000;
  const links: LinkState[] = [];
  const transport = createWebSocketTransport({
    url: 'ws://127.0.0.1:5000/api?token=t',
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    now: () => now,
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => undefined,
    random,
  });
  transport.onLink((link) => links.push(link));
  return {
    transport,
    sockets,
    timers,
    links,
    advance: (ms: number) => (now += ms),
    last: () => sockets.at(-1)!,
  };
}

describe('createWebSocketTransport', () => {
  it('sends requests once open and matches responses by id; events go to subscribers', async () => {
    const { transport, last } = setup();
    const events: unknown[] = [];
    transport.subscribe((e) => events.push(e));
    last().emit('open');
    const answer = transport.call({ id: 7, method: 'snapshot', params: {} });
    expect(JSON.parse(last().sent[0]!)).toEqual({ id: 7, method: 'snapshot', params: {} });
    last().emit('message', JSON.stringify({ event: 'metricSample', payload: { at: 1 } }));
    last().emit('message', JSON.stringify({ id: 7, ok: true, result: { fine: true } }));
    await expect(answer).resolves.toEqual({ id: 7, ok: true, result: { fine: true } });
    expect(events).toEqual([{ event: 'metricSample', payload: { at: 1 } }]);
  });

  it('fails calls with a typed error while reconnecting, and reconnects with backoff', async () => {
    const { transport, sockets, timers, links, last } = setup();
    last().emit('open');
    const pending = transport.call({ id: 1, method: 'snapshot', params: {} });
    last().emit('close');
    await expect(pending).rejects.toMatchObject({ code: 'transport_closed' });
    expect(links.at(-1)).toEqual({
      state: 'reconnecting',
      attempt: 1,
      nextRetryAt: 1_000 + 500,
      reason: 'the connection to the host closed',
    });
    const during = transport.call({ id: 2, method: 'snapshot', params: {} });
    await expect(during).rejects.toBeInstanceOf(HostApiError);
    await expect(during).rejects.toThrow(/reconnecting/);
    await expect(during).rejects.toMatchObject({ code: 'transport_closed' });

    // A refused attempt backs off further; an open resets the count.
    timers.shift()!.run();
    expect(sockets).toHaveLength(2);
    last().emit('close');
    expect(links.at(-1)).toMatchObject({
      state: 'reconnecting',
      attempt: 2,
      reason: 'the host did not accept the connection',
    });
    expect(timers[0]!.ms).toBe(1_000);
    timers.shift()!.run();
    last().emit('open');
    expect(links.at(-1)).toEqual({ state: 'open' });
    const after = transport.call({ id: 3, method: 'snapshot', params: {} });
    last().emit('message', JSON.stringify({ id: 3, ok: true, result: {} }));
    await expect(after).resolves.toMatchObject({ id: 3 });
  });

  it('keeps subscribers across reconnects', () => {
    const { transport, timers, last } = setup();
    const events: unknown[] = [];
    transport.subscribe((e) => events.push(e));
    last().emit('open');
    last().emit('close');
    timers.shift()!.run();
    last().emit('open');
    last().emit('message', JSON.stringify({ event: 'snapshot', payload: {} }));
    expect(events).toHaveLength(1);
  });

  it('stops for good when closed by the app', () => {
    const { transport, timers, last } = setup();
    last().emit('open');
    transport.close();
    expect(last().closed).toBe(true);
    expect(timers).toHaveLength(0);
  });
});

describe('reconnect delays', () => {
  it('are full jitter: a zero draw retries after the 100 ms floor, not half the ceiling', () => {
    const { timers, links, last } = setup({ random: () => 0 });
    last().emit('open');
    last().emit('close');
    expect(timers[0]!.ms).toBe(100);
    expect(links.at(-1)).toMatchObject({ state: 'reconnecting', nextRetryAt: 1_100 });
  });

  it('double their ceiling from 500 ms up to 15 s', () => {
    expect([0, 2, 50].map((n) => fullJitterDelayMs(n, RECONNECT_BACKOFF, () => 1))).toEqual([
      500, 2_000, 15_000,
    ]);
  });
});
