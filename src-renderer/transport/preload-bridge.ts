import type { HostApiRequest } from '../../src-shared/host-api/envelope.js';
import type { LinkState, RendererTransport } from './renderer-transport.js';

/** The name under which the Electron preload exposes the bridge (`contextBridge.exposeInMainWorld`). */
export const HOST_BRIDGE_GLOBAL = 'planasonixHost';

/**
 * What the preload exposes: the host API and nothing else. `request` carries one host API request
 * (its method one of HOST_API_METHODS) and resolves with the host's response envelope, failures
 * included, because errors thrown across the context bridge lose everything but their message.
 */
export interface HostBridge {
  request(request: HostApiRequest): Promise<unknown>;
  /** Every event message the host pushes (`{ event, payload }`); returns the unsubscribe function. */
  onEvent(listener: (eventMessage: unknown) => void): () => void;
}

export function findHostBridge(scope: object): HostBridge | null {
  const candidate = (scope as Record<string, unknown>)[HOST_BRIDGE_GLOBAL];
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { request, onEvent } = candidate as Partial<HostBridge>;
  return typeof request === 'function' && typeof onEvent === 'function' ? (candidate as HostBridge) : null;
}

/** In Electron the host is in-process and always there: the link is open from the start. */
export function createBridgeTransport(bridge: HostBridge): RendererTransport {
  const open: LinkState = { state: 'open' };
  return {
    call: (request) => bridge.request(request),
    subscribe: (listener) => bridge.onEvent(listener),
    link: () => open,
    onLink: () => () => undefined,
    close: () => undefined,
  };
}
