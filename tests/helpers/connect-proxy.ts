import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A real HTTP CONNECT proxy on loopback for tests: it tunnels bytes and counts what it carried, so a
 * test can prove a connection went through it. Only loopback targets are allowed.
 */
export interface ConnectProxy {
  url: string;
  /** Every CONNECT target asked for, in order (`host:port`). */
  connects: string[];
  /** Open tunnels right now. */
  openTunnels(): number;
  /** Cut every open tunnel (simulates a proxy dropping connections). */
  dropTunnels(): void;
  close(): Promise<void>;
}

export async function startConnectProxy(options: { requireAuth?: string } = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const tunnels = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { allow: 'CONNECT' }).end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    if (options.requireAuth !== undefined) {
      const expected = `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;
      if (req.headers['proxy-authorization'] !== expected) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
        return;
      }
    }
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    const host = m?.[1]?.replace(/^\[|\]$/g, '');
    if (!m || (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost')) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect({ host, port: Number(m[2]) });
    tunnels.add(client);
    const cleanup = (): void => {
      tunnels.delete(client);
      client.destroy();
      upstream.destroy();
    };
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      cleanup();
    });
    client.once('error', cleanup);
    client.once('close', cleanup);
    upstream.once('close', cleanup);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    openTunnels: () => tunnels.size,
    dropTunnels: () => {
      for (const socket of tunnels) socket.destroy();
    },
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
