import { HostApiError } from '../../src-shared/host-api/envelope.js';
import { createBridgeTransport, findHostBridge } from './preload-bridge.js';
import type { LinkState, RendererTransport } from './renderer-transport.js';
import { createWebSocketTransport } from './websocket-transport.js';

/** Path of the headless host's host API WebSocket, on the same origin that served the page. */
export const HOST_API_SOCKET_PATH = '/api';

/** The access token the headless host printed in the page URL: `http://127.0.0.1:PORT/#token=…`. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && token.length > 0 ? token : null;
}

export function hostSocketUrl(pageUrl: string, token: string): string {
  const url = new URL(HOST_API_SOCKET_PATH, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = new URLSearchParams({ token }).toString();
  return url.toString();
}

/** A transport for a page opened without its token: nothing can work, and the page says how to fix it. */
function failedTransport(reason: string): RendererTransport {
  const link: LinkState = { state: 'failed', reason };
  return {
    call: () => Promise.reject(new HostApiError('transport_closed', reason)),
    subscribe: () => () => undefined,
    link: () => link,
    onLink: () => () => undefined,
    close: () => undefined,
  };
}

/** Electron's preload bridge when present, else the headless host's loopback WebSocket. */
export function pickTransport(scope: Window): RendererTransport {
  const bridge = findHostBridge(scope);
  if (bridge !== null) return createBridgeTransport(bridge);
  const token = tokenFromFragment(scope.location.hash);
  if (token === null) {
    return failedTransport(
      'This page was opened without its access token. Open the exact link the host printed ("ui at http://127.0.0.1:…/#token=…").',
    );
  }
  return createWebSocketTransport({
    url: hostSocketUrl(scope.location.href, token),
    openSocket: (url) => new WebSocket(url),
    now: () => Date.now(),
    setTimer: (run, ms) => scope.setTimeout(run, ms),
    clearTimer: (timer) => scope.clearTimeout(timer as number),
    random: Math.random,
  });
}
