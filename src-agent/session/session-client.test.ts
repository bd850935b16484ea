import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_SUBPROTOCOL, CLOSE_CODES, sessionSigningText } from '../../src-shared/agent-protocol/index.js';
import { generateIdentity } from '../identity/agent-identity.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { Transport } from '../network/transport.js';
import { SessionClient, sessionUrl, type HeartbeatFields } from './session-client.js';

const AGENT_ID = 'agt_01jq8p0000000000000000000a';
const HEALTH: HeartbeatFields = {
  cpu_percent: 1,
  memory_percent: 2,
  disk_free_gb: 3,
  active_jobs: 0,
  queue_depth: 0,
  last_error: null,
};
let server: WebSocketServer | null = null;

afterEach(async () => {
  for (const c of server?.clients ?? []) c.terminate();
  await new Promise((r) => server?.close(r) ?? r(null));
  server = null;
});

async function listen(onConnection: (ws: WebSocket) => void): Promise<string> {
  server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (p) => (p.has(AGENT_SUBPROTOCOL) ? AGENT_SUBPROTOCOL : false),
  });
  server.on('connection', onConnection);
  await new Promise((r) => server!.once('listening', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/agents/session`;
}

async function client(url: string, overrides: Partial<ConstructorParameters<typeof SessionClient>[0]> = {}) {
  const identity = generateIdentity();
  const events: string[] = [];
  const c = new SessionClient({
    url,
    transport: await Transport.create({}, {}),
    identity,
    agentId: AGENT_ID,
    version: '0.1.0',
    capabilities: ['node_20'],
    heartbeat: () => Promise.resolve(HEALTH),
    log: createLogger({ name: 'test', destination: null }),
    onWelcome: () => events.push('welcome'),
    onHeartbeatAck: (ack) => events.push(`ack ${ack.seq}`),
    ...overrides,
  });
  return { c, identity, events };
}

const hello = (nonce: string) =>
  JSON.stringify({
    type: 'hello',
    protocol_version: 1,
    nonce,
    server_time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    auth_timeout_ms: 5_000,
  });

describe('SessionClient', () => {
  it('maps an API host to the session URL', () => {
    expect(sessionUrl('https://cp.example:8443', '/api/agents/session')).toBe(
      'wss://cp.example:8443/api/agents/session',
    );
    expect(sessionUrl('http://127.0.0.1:4000/', '/api/agents/session')).toBe(
      'ws://127.0.0.1:4000/api/agents/session',
    );
  });

  it('signs the nonce, then heartbeats at the interval the server gives, and reports the close code', async () => {
    const nonce = randomBytes(32).toString('base64url');
    const received: Record<string, unknown>[] = [];
    let publicKey = '';
    const url = await listen((ws) => {
      ws.send(hello(nonce));
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as Record<string, unknown>;
        received.push(m);
        if (m.type === 'auth') {
          const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
          const ok = verify(
            null,
            Buffer.from(sessionSigningText(AGENT_ID, nonce)),
            key,
            Buffer.from(String(m.signature), 'base64url'),
          );
          if (!ok) return ws.close(CLOSE_CODES.auth_failed.code);
          ws.send(
            JSON.stringify({
              type: 'welcome',
              session_id: 's1',
              agent_id: AGENT_ID,
              heartbeat_interval_seconds: 0.1,
              server_time: '2026-11-28T00:00:00Z',
              intent: { accepting_work: true },
            }),
          );
        }
        if (m.type === 'heartbeat') {
          ws.send(
            JSON.stringify({
              type: 'heartbeat_ack',
              seq: m.seq,
              server_time: '2026-11-28T00:00:00Z',
              intent: { accepting_work: true },
            }),
          );
          if (m.seq === 2) ws.close(CLOSE_CODES.revoked.code, 'agent revoked');
        }
      });
    });
    const { c, identity, events } = await client(url);
    publicKey = identity.publicKey;
    const end = await c.run();
    expect(end).toEqual({
      kind: 'closed',
      code: CLOSE_CODES.revoked.code,
      reason: 'agent revoked',
      wasLive: true,
    });
    expect(received[0]).toMatchObject({
      type: 'auth',
      agent_id: AGENT_ID,
      version: '0.1.0',
      capabilities: ['node_20'],
    });
    expect(received.slice(1).map((m) => [m.type, m.seq])).toEqual([
      ['heartbeat', 0],
      ['heartbeat', 1],
      ['heartbeat', 2],
    ]);
    expect(received[1]).toMatchObject(HEALTH);
    expect(events).toEqual(['welcome', 'ack 0', 'ack 1', 'ack 2']);
  });

  it('ignores garbage and binary frames from the server without failing', async () => {
    const url = await listen((ws) => {
      ws.send('not json');
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send(JSON.stringify({ type: 'surprise' }));
      ws.close(CLOSE_CODES.server_shutdown.code);
    });
    const { c } = await client(url);
    expect(await c.run()).toMatchObject({
      kind: 'closed',
      code: CLOSE_CODES.server_shutdown.code,
      wasLive: false,
    });
  });

  it('drops a server that goes silent before welcoming it (half-open or stuck)', async () => {
    const url = await listen(() => undefined);
    const { c } = await client(url, { handshakeTimeoutMs: 300 });
    const started = Date.now();
    const end = await c.run();
    expect(end).toMatchObject({ kind: 'closed', code: 1006, wasLive: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a refused upgrade with its HTTP status', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, cb) => cb(false, 401) });
    await new Promise((r) => server!.once('listening', r));
    const { c } = await client(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await c.run()).toEqual({ kind: 'refused', status: 401, wasLive: false });
  });
});
