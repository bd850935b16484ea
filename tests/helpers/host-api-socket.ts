import WebSocket from 'ws';
import { createHostApiClient } from '../../src-shared/host-api/client.js';
import type { HostApiClient } from '../../src-shared/host-api/client.js';
import { createMessageTransport } from '../../src-shared/host-api/message-transport.js';

/** Opens the host API socket; resolves with the HTTP status when the server refuses the upgrade. */
export function openHostSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ socket: WebSocket } | { refusedWith: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ refusedWith: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** A typed host API client over an open socket, through the same transport the renderer uses. */
export function hostApiClient(socket: WebSocket): HostApiClient {
  return createHostApiClient(
    createMessageTransport({
      send: (text) => socket.send(text),
      onMessage: (listener) => socket.on('message', (data: Buffer) => listener(data.toString('utf8'))),
      onClose: (listener) => socket.once('close', listener),
    }),
  );
}
