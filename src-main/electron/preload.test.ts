// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: the real preload module runs against a fake contextBridge and ipcRenderer.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_API_CALL_CHANNEL, HOST_API_EVENT_CHANNEL, HOST_BRIDGE_GLOBAL } from './ipc-channels.js';

interface Bridge {
  request(request: unknown): Promise<unknown>;
  onEvent(listener: (message: unknown) => void): () => void;
}

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  rendererListeners: new Map<string, (event: unknown, message: unknown) => void>(),
  invoke: vi.fn((_channel: string, request: { id: unknown }) =>
    Promise.resolve({ id: request.id, ok: true, result: {} }),
  ),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
      fake.rendererListeners.set(channel, listener),
  },
}));

let bridge: Bridge;
const push = (message: unknown) => fake.rendererListeners.get(HOST_API_EVENT_CHANNEL)?.({}, message);

beforeAll(async () => {
  await import('./preload.js');
  bridge = fake.exposed.get(HOST_BRIDGE_GLOBAL) as Bridge;
});
beforeEach(() => {
  fake.invoke.mockClear();
});

describe('preload bridge', () => {
  it('exposes only the domain API: request and onEvent, on one global', () => {
    expect([...fake.exposed.keys()]).toEqual([HOST_BRIDGE_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'request']);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/send|invoke|ipc|env|process/i);
  });

  it('forwards host API methods to the one call channel', async () => {
    await expect(bridge.request({ id: 1, method: 'snapshot', params: {} })).resolves.toEqual({
      id: 1,
      ok: true,
      result: {},
    });
    expect(fake.invoke).toHaveBeenCalledWith(HOST_API_CALL_CHANNEL, {
      id: 1,
      method: 'snapshot',
      params: {},
    });
  });

  it('refuses anything but a host API method without sending it', async () => {
    await expect(
      bridge.request({ id: 2, method: 'openExternal', params: { url: 'https://x' } }),
    ).resolves.toEqual({
      id: 2,
      ok: false,
      error: { code: 'bad_request', message: 'unknown method "openExternal"' },
    });
    await expect(bridge.request('snapshot')).resolves.toMatchObject({ id: null, ok: false });
    await expect(bridge.request({ id: 3, method: 'constructor' })).resolves.toMatchObject({ ok: false });
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('delivers pushed events until the listener unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bridge.onEvent((message) => seen.push(message));
    push({ event: 'metricSample', payload: { at: 1 } });
    off();
    push({ event: 'metricSample', payload: { at: 2 } });
    expect(seen).toEqual([{ event: 'metricSample', payload: { at: 1 } }]);
  });

  it('keeps an openView (a deep link) that arrived before the page subscribed, and hands it over once', () => {
    const openView = {
      event: 'openView',
      payload: { view: 'enroll', enrollLink: { apiHost: 'https://cp', token: 't' } },
    };
    push(openView);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const offFirst = bridge.onEvent((message) => first.push(message));
    const offSecond = bridge.onEvent((message) => second.push(message));
    expect(first).toEqual([openView]);
    expect(second).toEqual([]);
    offFirst();
    offSecond();
  });
});
