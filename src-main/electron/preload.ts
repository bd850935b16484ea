import { contextBridge, ipcRenderer } from 'electron';
import { HostApiRequest } from '../../src-shared/host-api/envelope.js';
import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import { isHostApiMethod } from '../../src-shared/host-api/methods.js';
import { HOST_API_CALL_CHANNEL, HOST_API_EVENT_CHANNEL, HOST_BRIDGE_GLOBAL } from './ipc-channels.js';

/**
 * The preload (the other module touching IPC): exposes the host API on `window.planasonixHost` and
 * nothing else: `request` for a host API method (by name, checked here first and validated again in
 * main) and `onEvent` for pushed host events. No channel names, no ipcRenderer, no process.env.
 */
type EventListener = (eventMessage: unknown) => void;

const listeners = new Set<EventListener>();
/** The newest `openView` sent before the page subscribed (a deep link that opened the window). */
let pendingOpenView: unknown = null;

ipcRenderer.on(HOST_API_EVENT_CHANNEL, (_event, message: unknown) => {
  const isOpenView =
    typeof message === 'object' && message !== null && 'event' in message && message.event === 'openView';
  if (isOpenView && listeners.size === 0) pendingOpenView = message;
  for (const listener of listeners) listener(message);
});

function refuse(id: unknown, message: string): HostApiResponse {
  const safeId = typeof id === 'string' || typeof id === 'number' ? id : null;
  return { id: safeId, ok: false, error: { code: 'bad_request', message } };
}

const bridge = {
  request(request: unknown): Promise<unknown> {
    const parsed = HostApiRequest.safeParse(request);
    if (!parsed.success) return Promise.resolve(refuse(null, 'not a host API request'));
    const { id, method, params } = parsed.data;
    if (!isHostApiMethod(method)) {
      return Promise.resolve(refuse(id, `unknown method "${method.slice(0, 64)}"`));
    }
    return ipcRenderer.invoke(HOST_API_CALL_CHANNEL, { id, method, params });
  },
  onEvent(listener: EventListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    listeners.add(listener);
    if (pendingOpenView !== null) {
      const message = pendingOpenView;
      pendingOpenView = null;
      listener(message);
    }
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld(HOST_BRIDGE_GLOBAL, bridge);
