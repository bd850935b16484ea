/**
 * The server side of bench/gateway-heartbeats.ts, run as its own process so its memory is measured
 * alone: either the real control plane (store, REST routes, agent gateway) or a bare `ws` echo
 * server, the baseline. It reports its port over IPC and answers `measure` with its memory after a
 * full GC, and `cpu` with its CPU time so far.
 *
 *   node --expose-gc --import tsx bench/gateway-bench-server.ts control-plane DATA_DIR HEARTBEAT_S
 *   node --expose-gc --import tsx bench/gateway-bench-server.ts echo
 */
import { createLogger } from '../src-node/logging/create-logger.js';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../src-shared/agent-protocol/index.js';
import { startControlPlane } from '../src-control-plane/app.js';
import { errorMessage } from '../src-node/error-message.js';

export type BenchServerReply =
  | { type: 'ready'; port: number }
  | { type: 'memory'; rss: number; heapUsed: number; external: number; arrayBuffers: number }
  | { type: 'cpu'; userMicros: number; systemMicros: number };

const send = (reply: BenchServerReply) => process.send?.(reply);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const [mode, dataDir, heartbeat] = process.argv.slice(2);
  let close: () => Promise<void>;
  if (mode === 'control-plane' && dataDir !== undefined) {
    const plane = await startControlPlane({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      logger: createLogger({ name: 'control-plane', level: 'warn' }),
      tokenPolicy: { defaultTtlSeconds: 3600, maxTtlSeconds: 3600 },
      bootstrapApiKey: 'bench-only-bootstrap-key-0123456789',
      version: 'bench',
      heartbeatIntervalSeconds: Number(heartbeat ?? '20'),
    });
    close = () => plane.close();
    send({ type: 'ready', port: plane.port });
  } else if (mode === 'echo') {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_FRAME_BYTES });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
    close = () => new Promise((resolve) => wss.close(() => resolve()));
    const address = wss.address();
    send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
  } else {
    throw new Error('usage: gateway-bench-server.ts control-plane DATA_DIR HEARTBEAT_S | echo');
  }
  process.on('message', (message: { type: string }) => {
    if (message.type === 'measure') {
      gc?.();
      gc?.();
      const m = process.memoryUsage();
      send({
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      });
    } else if (message.type === 'cpu') {
      const c = process.cpuUsage();
      send({ type: 'cpu', userMicros: c.user, systemMicros: c.system });
    } else if (message.type === 'stop') {
      void close().then(() => process.exit(0));
    }
  });
  // The parent going away must not leave this server behind.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${errorMessage(error)}\n`);
  process.exit(1);
});
