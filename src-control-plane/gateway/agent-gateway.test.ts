import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AGENT_SUBPROTOCOL, CLOSE_CODES } from '../../src-shared/agent-protocol/index.js';
import { AgentGateway } from './agent-gateway.js';
import { TrustedProxies } from './client-address.js';
import type { SessionStore } from './session-store.js';

const emptyStore: SessionStore = {
  credentialFor: () => Promise.resolve(undefined),
  recordConnect: () => Promise.resolve(null),
  recordCapabilities: () => Promise.resolve(),
  recordDisconnect: () => Promise.resolve(),
  recordHeartbeats: () => Promise.resolve([]),
};

let server: Server;
let gateway: AgentGateway;

async function start(maxConnections?: number, random?: () => number): Promise<string> {
  server = createServer((_req, res) => res.writeHead(404).end());
  gateway = new AgentGateway({
    store: emptyStore,
    log: pino({ level: 'silent' }),
    trustedProxies: new TrustedProxies([]),
    heartbeatIntervalSeconds: 20,
    maxConnections,
    random,
  });
  gateway.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await gateway.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Connects and reports how it ended: an HTTP refusal, or a close code (after the first message). */
function attempt(url: string): Promise<{ status?: number; close?: number; first?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, [AGENT_SUBPROTOCOL]);
    let first: string | undefined;
    ws.on('message', (data: Buffer) => (first ??= (JSON.parse(data.toString()) as { type: string }).type));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      ws.terminate();
    });
    ws.on('close', (code) => resolve({ close: code, first }));
    ws.on('error', () => undefined);
  });
}

describe('AgentGateway upgrades', () => {
  it('answers upgrades of other paths with 404', async () => {
    const url = await start();
    expect(await attempt(`${url}/api/agents/other`)).toEqual({ status: 404 });
  });

  it('closes connections beyond its limit with overloaded', async () => {
    const url = await start(1);
    const held = new WebSocket(`${url}/api/agents/session`, [AGENT_SUBPROTOCOL]);
    await new Promise((resolve) => held.once('message', resolve));
    expect(await attempt(`${url}/api/agents/session`)).toEqual({ close: CLOSE_CODES.overloaded.code });
    held.terminate();
  });

  it('closes sessions with server_shutdown on close, and refuses upgrades after', async () => {
    const url = await start();
    const pending = attempt(`${url}/api/agents/session`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gateway.close();
    expect(await pending).toEqual({ close: CLOSE_CODES.server_shutdown.code, first: 'hello' });
    expect(await attempt(`${url}/api/agents/session`)).toEqual({ status: 503 });
  });

  it('drains: closes each session with server_shutdown within the window, then refuses upgrades', async () => {
    const url = await start(undefined, () => 0.5);
    const pending = [attempt(`${url}/api/agents/session`), attempt(`${url}/api/agents/session`)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const drained = gateway.drain(400);
    expect(await attempt(`${url}/api/agents/session`)).toEqual({ status: 503 });
    await drained;
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1500);
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toEqual({ close: CLOSE_CODES.server_shutdown.code, first: 'hello' });
    }
  });
});
