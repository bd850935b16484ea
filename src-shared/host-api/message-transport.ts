import { HostApiError, HostApiResponse } from './envelope.js';
import type { HostApiTransport } from './client.js';

/** A bidirectional channel of JSON text messages, such as a WebSocket. */
export interface MessageChannel {
  send(text: string): void;
  /** Each incoming text message. */
  onMessage(listener: (text: string) => void): void;
  /** Called once when the channel closes. */
  onClose(listener: () => void): void;
}

/**
 * Builds the client's transport over a message channel: requests go out as JSON, responses are
 * matched back by id, everything else is an event for subscribers. Calls still pending when the
 * channel closes fail with `transport_closed`.
 */
export function createMessageTransport(channel: MessageChannel): HostApiTransport {
  const pending = new Map<string, (response: unknown) => void>();
  const failures = new Map<string, (error: HostApiError) => void>();
  const listeners = new Set<(eventMessage: unknown) => void>();
  let closed = false;

  channel.onMessage((text) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const response = HostApiResponse.safeParse(message);
    if (response.success && response.data.id !== null) {
      const key = String(response.data.id);
      const resolve = pending.get(key);
      pending.delete(key);
      failures.delete(key);
      resolve?.(message);
      return;
    }
    for (const listener of listeners) listener(message);
  });

  channel.onClose(() => {
    closed = true;
    const error = new HostApiError('transport_closed', 'the connection to the host closed');
    for (const reject of failures.values()) reject(error);
    pending.clear();
    failures.clear();
  });

  return {
    call(request) {
      if (closed)
        return Promise.reject(new HostApiError('transport_closed', 'the connection to the host is closed'));
      return new Promise((resolve, reject) => {
        const key = String(request.id);
        pending.set(key, resolve);
        failures.set(key, reject);
        channel.send(JSON.stringify(request));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
