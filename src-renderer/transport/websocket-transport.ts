import { HostApiError } from '../../src-shared/host-api/envelope.js';
import { createMessageTransport } from '../../src-shared/host-api/message-transport.js';
import type { HostApiTransport } from '../../src-shared/host-api/client.js';
import type { LinkState, RendererTransport } from './renderer-transport.js';
import { fullJitterDelayMs, type BackoffPolicy } from '../../src-shared/backoff.js';

/** The part of the DOM WebSocket this transport uses, so tests can hand in a fake. */
export interface SocketLike {
  send(text: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WebSocketTransportOptions {
  url: string;
  openSocket: (url: string) => SocketLike;
  now: () => number;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  random: () => number;
}

/**
 * Reconnects use the shared full-jitter backoff: a host restart is not hit by every window at once,
 * and the first retry can come quickly.
 */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 15_000, floorMs: 100 };

/**
 * The host API over the headless host's loopback WebSocket. A dropped socket is reopened with backoff;
 * calls made while it is down fail at once with `transport_closed` (the UI says "reconnecting" and the
 * user may retry) rather than queueing actions the user can no longer see the context of.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): RendererTransport {
  const eventListeners = new Set<(eventMessage: unknown) => void>();
  const linkListeners = new Set<(link: LinkState) => void>();
  let link: LinkState = { state: 'connecting' };
  let current: HostApiTransport | null = null;
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  let failedAttempts = 0;
  let closedByUser = false;

  const setLink = (next: LinkState): void => {
    link = next;
    for (const listener of linkListeners) listener(next);
  };

  const connect = (): void => {
    retryTimer = null;
    const opened = options.openSocket(options.url);
    socket = opened;
    let wasOpen = false;
    let messageListener: ((text: string) => void) | null = null;
    let closeListener: (() => void) | null = null;
    const transport = createMessageTransport({
      send: (text) => opened.send(text),
      onMessage: (listener) => (messageListener = listener),
      onClose: (listener) => (closeListener = listener),
    });
    transport.subscribe((message) => {
      for (const listener of eventListeners) listener(message);
    });
    opened.addEventListener('open', () => {
      wasOpen = true;
      failedAttempts = 0;
      current = transport;
      setLink({ state: 'open' });
    });
    opened.addEventListener('message', (event) => {
      if (typeof event.data === 'string') messageListener?.(event.data);
    });
    // Browsers fire `error` then `close`; only `close` drives the state so it runs once.
    opened.addEventListener('error', () => undefined);
    opened.addEventListener('close', () => {
      closeListener?.();
      if (socket !== opened) return;
      current = null;
      socket = null;
      if (closedByUser) return;
      failedAttempts += 1;
      const delay = fullJitterDelayMs(failedAttempts - 1, RECONNECT_BACKOFF, options.random);
      setLink({
        state: 'reconnecting',
        attempt: failedAttempts,
        nextRetryAt: options.now() + delay,
        reason: wasOpen ? 'the connection to the host closed' : 'the host did not accept the connection',
      });
      retryTimer = options.setTimer(connect, delay);
    });
  };

  connect();

  return {
    call(request) {
      if (current === null) {
        const words =
          link.state === 'reconnecting'
            ? 'not connected to the host (reconnecting); try again in a moment'
            : 'not connected to the host yet';
        return Promise.reject(new HostApiError('transport_closed', words));
      }
      return current.call(request);
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    link: () => link,
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (retryTimer !== null) options.clearTimer(retryTimer);
      socket?.close();
    },
  };
}
