import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import { isAllowedHost, isAllowedOrigin, tokensMatch } from './loopback-guard.js';
import { securityHeaders, serveStatic } from './static-files.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface LoopbackServerOptions {
  /** 0 = any free port. */
  port: number;
  rendererDir: string;
  token: string;
  dispatch(raw: unknown): Promise<HostApiResponse>;
  /** Pushed events for every connected client; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  onError(message: string): void;
}

export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

/** A client further behind than this misses live log lines instead of growing our memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * The headless host's web server, on 127.0.0.1 only: static renderer files, and the host API as a
 * WebSocket at `/api?token=…`. Every request must carry a loopback Host header (DNS rebinding);
 * an upgrade must also carry the token and, from a browser, our own Origin.
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  let port = options.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const server = createServer((request, response) => {
    const headers = securityHeaders(port);
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(421, { ...headers, 'Content-Type': 'text/plain' }).end('wrong host\n');
      return;
    }
    serveStatic(request, response, options.rendererDir, headers).catch((error: unknown) => {
      options.onError(`static file error: ${errorMessage(error)}`);
      if (!response.headersSent) response.writeHead(500, headers);
      response.end();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, port, options.token);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveClient(ws, options));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function upgradeRefusal(request: IncomingMessage, port: number, token: string): string | null {
  if (!isAllowedHost(request.headers.host, port)) return '421 Misdirected Request';
  if (!isAllowedOrigin(request.headers.origin, port)) return '403 Forbidden';
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/api') return '404 Not Found';
  if (!tokensMatch(url.searchParams.get('token'), token)) return '401 Unauthorized';
  return null;
}

function serveClient(ws: WebSocket, options: LoopbackServerOptions): void {
  const unsubscribe = options.subscribe((event, payload) => {
    if (ws.readyState !== ws.OPEN) return;
    if (event === 'logLines' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    ws.send(JSON.stringify({ event, payload }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', (error) => options.onError(`ui socket error: ${error.message}`));
  ws.on('message', (data, isBinary) => {
    let message: unknown = null;
    if (!isBinary) {
      try {
        message = JSON.parse(rawText(data));
      } catch {
        message = null;
      }
    }
    options
      .dispatch(message)
      .then((response) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
      })
      .catch((error: unknown) => options.onError(`host API dispatch failed: ${errorMessage(error)}`));
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}
