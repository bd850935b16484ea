import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HealthSampler } from '../health/health-sampler.js';
import { generateIdentity, identityToPem } from '../identity/agent-identity.js';
import type { CredentialStore } from '../identity/credential-store.js';
import { LocalStateFile } from '../identity/local-state.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { Transport } from '../network/transport.js';
import { AgentWorker } from './agent-worker.js';
import type { AgentWorkerState } from './worker-state-machine.js';

const ID = 'agt_01jq8p0000000000000000000a';
let dir: string;
let server: Server | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-worker-'));
});
afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = null;
  await rm(dir, { recursive: true, force: true });
});

class MemoryCredentials implements CredentialStore {
  constructor(public pem: string | null = null) {}
  read = () => Promise.resolve(this.pem);
  write = (pem: string) => {
    this.pem = pem;
    return Promise.resolve();
  };
  wipe = () => {
    this.pem = null;
    return Promise.resolve();
  };
}

async function makeWorker(credentials: CredentialStore, expectedAgentId: string | null = null) {
  const states: AgentWorkerState[] = [];
  const worker = new AgentWorker({
    credentials,
    localState: LocalStateFile.inDataDir(dir),
    transport: await Transport.create({}, {}),
    version: '0.1.0',
    capabilities: () => Promise.resolve([]),
    health: () =>
      Promise.resolve(
        new HealthSampler(dir, {
          cpuPercent: () => 0,
          memory: () => Promise.resolve({ total: 1, available: 1 }),
          diskFreeBytes: () => Promise.resolve(0),
        }),
      ),
    log: createLogger({ name: 'test', destination: null }),
    onState: (s) => states.push(s),
    expectedAgentId,
  });
  return { worker, states };
}

const saved = { agent_id: ID, api_host: 'http://127.0.0.1:9', enrolled_at: '2026-11-28T00:00:00Z' };

describe('AgentWorker start', () => {
  it('publishes not_enrolled when the data folder is empty', async () => {
    const { worker, states } = await makeWorker(new MemoryCredentials());
    await worker.start();
    expect(states.map((s) => s.phase)).toEqual(['not_enrolled']);
  });

  it('forgets half an enrollment (state without its key)', async () => {
    LocalStateFile.inDataDir(dir).write(saved);
    const { worker, states } = await makeWorker(new MemoryCredentials());
    await worker.start();
    expect(states.map((s) => s.phase)).toEqual(['not_enrolled']);
    expect(LocalStateFile.inDataDir(dir).read()).toBeNull();
  });

  it('refuses a data folder that belongs to another agent than PLANASONIX_AGENT_ID names', async () => {
    LocalStateFile.inDataDir(dir).write(saved);
    const credentials = new MemoryCredentials(identityToPem(generateIdentity()));
    const { worker, states } = await makeWorker(credentials, 'agt_01jq8p0000000000000000000b');
    await worker.start();
    expect(states.at(-1)).toMatchObject({
      phase: 'error',
      reason: expect.stringContaining('belongs to agent') as unknown,
    });
    expect(credentials.pem).not.toBeNull();
  });

  it('stops with a reason naming the damaged file instead of crashing', async () => {
    LocalStateFile.inDataDir(dir).write(saved);
    const { worker, states } = await makeWorker(
      new MemoryCredentials('-----BEGIN PRIVATE KEY-----\ngarbage\n'),
    );
    await worker.start();
    expect(states.at(-1)).toMatchObject({
      phase: 'error',
      reason: expect.stringContaining("cannot read this agent's enrollment") as unknown,
    });
    expect(JSON.stringify(states)).not.toContain('garbage');
  });
});

describe('AgentWorker enroll', () => {
  it('does not spend the token when the preflight fails (clock 10 minutes off)', async () => {
    const paths: string[] = [];
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', time: new Date(Date.now() + 600_000).toISOString() }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const apiHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const credentials = new MemoryCredentials();
    const { worker, states } = await makeWorker(credentials);
    await worker.start();
    const result = await worker.enroll({ apiHost, token: 'plnx_enroll_x' });
    expect(result).toMatchObject({ ok: false, code: 'preflight_failed' });
    expect(result.ok ? '' : result.message).toMatch(/clock: .*10 min( 0 s)? behind the server’s/);
    expect(paths).toEqual(['/healthz']);
    expect(credentials.pem).toBeNull();
    expect(states.map((s) => s.phase)).toEqual(['not_enrolled', 'enrolling', 'not_enrolled']);
  });

  it('refuses to enroll twice at once', async () => {
    const { worker } = await makeWorker(new MemoryCredentials());
    await worker.start();
    const first = worker.enroll({ apiHost: 'http://127.0.0.1:9', token: 'plnx_enroll_x' });
    expect(await worker.enroll({ apiHost: 'http://127.0.0.1:9', token: 'plnx_enroll_y' })).toMatchObject({
      ok: false,
      code: 'already_enrolled',
    });
    expect(await first).toMatchObject({ ok: false, code: 'preflight_failed' });
  });
});
