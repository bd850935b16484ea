import type { HostApiTransport } from '../../src-shared/host-api/client.js';

/** Where the link to the host stands; the UI shows it and refreshes its state on every `open`. */
export type LinkState =
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'reconnecting'; attempt: number; nextRetryAt: number; reason: string }
  /** Given up for good (for example a missing token): reconnecting cannot help. */
  | { state: 'failed'; reason: string };

/**
 * The renderer's one transport interface: the host API client's `call`/`subscribe`, plus the state of
 * the link itself. Implemented by the preload bridge (Electron) and the loopback WebSocket (headless).
 */
export interface RendererTransport extends HostApiTransport {
  link(): LinkState;
  onLink(listener: (link: LinkState) => void): () => void;
  close(): void;
}
