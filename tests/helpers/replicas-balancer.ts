import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A round-robin TCP balancer on loopback, as a plain L4 load balancer in front of control-plane
 * replicas behaves: each new connection goes to the next target in the rotation; a target that
 * refuses (a replica that is down) is skipped for that connection, and only when every target
 * refuses is the client's connection dropped. Bytes are copied both ways untouched, so HTTP,
 * keep-alive and WebSocket upgrades pass as they are; a connection stays with the target it got
 * until either side ends it.
 */
export interface Target {
  host: string;
  port: number;
}

export interface RoundRobinBalancer {
  /** `http://127.0.0.1:PORT`: what agents and clients dial instead of a replica. */
  url: string;
  port: number;
  /** Replaces the rotation (e.g. to hold one replica out of it); open connections stay where they are. */
  setTargets(targets: Target[]): void;
  /** Connections relayed to the target on `port` that are still open. */
  openTo(port: number): number;
  /** Connections relayed to the target on `port` so far. */
  acceptedBy(port: number): number;
  /** Connection attempts the target on `port` refused. */
  refusedBy(port: number): number;
  close(): Promise<void>;
}

export async function startRoundRobinBalancer(initial: Target[]): Promise<RoundRobinBalancer> {
  let targets = [...initial];
  let cursor = 0;
  const open = new Map<number, Set<Socket>>();
  const accepted = new Map<number, number>();
  const refused = new Map<number, number>();
  const clients = new Set<Socket>();
  const bump = (counts: Map<number, number>, port: number) => counts.set(port, (counts.get(port) ?? 0) + 1);

  /** Tries the rotation from its cursor, each target at most once; resolves with a connected socket or null. */
  function connectNext(): Promise<{ upstream: Socket; port: number } | null> {
    const rotation = targets;
    const start = cursor;
    cursor = (cursor + 1) % Math.max(1, rotation.length);
    const attempt = (tried: number): Promise<{ upstream: Socket; port: number } | null> => {
      const target = rotation[(start + tried) % rotation.length];
      if (tried >= rotation.length || target === undefined) return Promise.resolve(null);
      return new Promise((resolve) => {
        const upstream = createConnection(target);
        upstream.once('connect', () => {
          upstream.removeAllListeners('error');
          resolve({ upstream, port: target.port });
        });
        upstream.once('error', () => {
          bump(refused, target.port);
          upstream.destroy();
          resolve(attempt(tried + 1));
        });
      });
    };
    return attempt(0);
  }

  const server: Server = createServer((client) => {
    clients.add(client);
    client.once('close', () => clients.delete(client));
    // Until the upstream is chosen the client's bytes wait in its (paused) socket.
    client.on('error', () => client.destroy());
    void connectNext().then((chosen) => {
      if (chosen === null || client.destroyed) {
        chosen?.upstream.destroy();
        client.destroy();
        return;
      }
      const { upstream, port } = chosen;
      bump(accepted, port);
      const held = open.get(port) ?? new Set<Socket>();
      open.set(port, held);
      held.add(upstream);
      upstream.once('close', () => held.delete(upstream));
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        from.pipe(to);
        // Either side ending or failing ends the pair, as a balancer's connection table does.
        from.once('close', () => to.destroy());
        from.on('error', () => to.destroy());
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the balancer has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    setTargets: (next) => {
      targets = [...next];
      cursor = 0;
    },
    openTo: (port) => open.get(port)?.size ?? 0,
    acceptedBy: (port) => accepted.get(port) ?? 0,
    refusedBy: (port) => refused.get(port) ?? 0,
    close: async () => {
      for (const socket of clients) socket.destroy();
      for (const held of open.values()) for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
