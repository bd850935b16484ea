import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay for network-cut tests: clients connect to `url` and every byte is copied to
 * and from the target. `cut(ms)` destroys every relayed connection, then until the time is up either
 * refuses new ones (destroyed on arrival, as a host that is down answers) or, in `blackhole` mode,
 * accepts and holds them silent (as a pulled cable looks: the client's own timeout ends the attempt)
 * and destroys them when the cut ends.
 */
export type CutMode = 'refuse' | 'blackhole';

export interface TcpRelay {
  /** `http://127.0.0.1:PORT`, the address to give clients instead of the target's. */
  url: string;
  port: number;
  /** Connections relayed so far (accepted while not cut). */
  accepted(): number;
  /** Connections that arrived while cut (refused or held). */
  refused(): number;
  /** Cuts everything now; new connections get `mode` for ms. Resolves when the cut ends. */
  cut(ms: number, mode?: CutMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const open = new Set<Socket>();
  const held = new Set<Socket>();
  let cutUntil = 0;
  let cutMode: CutMode = 'refuse';
  let accepted = 0;
  let refused = 0;
  const server: Server = createServer((client) => {
    if (performance.now() < cutUntil) {
      refused += 1;
      if (cutMode === 'refuse') client.destroy();
      else {
        held.add(client);
        client.on('error', () => client.destroy());
      }
      return;
    }
    accepted += 1;
    const upstream = createConnection(target);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.pipe(to);
      // Either side ending or failing ends the pair: a half-open relay would hide a cut.
      from.once('close', () => {
        open.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    accepted: () => accepted,
    refused: () => refused,
    cut: async (ms, mode = 'refuse') => {
      cutUntil = performance.now() + ms;
      cutMode = mode;
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, ms));
      for (const socket of held) socket.destroy();
      held.clear();
    },
    close: async () => {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
