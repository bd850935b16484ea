import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { AGENT_SUBPROTOCOL, CLOSE_CODES } from '../../src-shared/agent-protocol/index.js';
import { makeTestCertificates, type TestCertificates } from '../../tests/helpers/agent-tls.js';
import { startConnectProxy, type ConnectProxy } from '../../tests/helpers/connect-proxy.js';
import { generateIdentity } from '../identity/agent-identity.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { describeNetworkError } from '../network/network-errors.js';
import { Transport } from '../network/transport.js';
import { SessionClient } from './session-client.js';

let certs: TestCertificates;
let server: Server;
let wss: WebSocketServer;
let proxy: ConnectProxy;
let url: string;

beforeAll(async () => {
  certs = makeTestCertificates();
  server = createServer({ key: certs.key, cert: certs.cert });
  wss = new WebSocketServer({
    server,
    handleProtocols: (p) => (p.has(AGENT_SUBPROTOCOL) ? AGENT_SUBPROTOCOL : false),
  });
  // Enough of a server to prove the TLS session opened: it closes at once with a known code.
  wss.on('connection', (ws) => ws.close(CLOSE_CODES.server_shutdown.code, 'bye'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/api/agents/session`;
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  wss.close();
  await new Promise((r) => server.close(r));
  rmSync(certs.dir, { recursive: true, force: true });
});

async function run(transport: Transport) {
  const client = new SessionClient({
    url,
    transport,
    identity: generateIdentity(),
    agentId: 'agt_01jq8p0000000000000000000a',
    version: '0.1.0',
    capabilities: [],
    heartbeat: () => Promise.reject(new Error('not reached')),
    log: createLogger({ name: 'test', destination: null }),
    onWelcome: () => undefined,
    onHeartbeatAck: () => undefined,
    handshakeTimeoutMs: 5_000,
  });
  return client.run();
}

describe('SessionClient over wss', () => {
  it('refuses a certificate it does not trust', async () => {
    const end = await run(await Transport.create({}, {}));
    expect(end.kind).toBe('failed');
    if (end.kind === 'failed') expect(describeNetworkError(end.error, url).kind).toBe('tls');
  });

  it('trusts the extra CA bundle, directly and through HTTPS_PROXY (CONNECT, then TLS inside)', async () => {
    const direct = await run(await Transport.create({ caFile: certs.caFile }, {}));
    expect(direct).toMatchObject({ kind: 'closed', code: CLOSE_CODES.server_shutdown.code });
    const before = proxy.connects.length;
    const proxied = await run(await Transport.create({ caFile: certs.caFile }, { HTTPS_PROXY: proxy.url }));
    expect(proxied).toMatchObject({ kind: 'closed', code: CLOSE_CODES.server_shutdown.code });
    expect(proxy.connects.slice(before)).toEqual([new URL(url).host]);
  });
});
