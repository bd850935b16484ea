import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { HostApiClient } from '../../../src-shared/host-api/client.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import { startControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { hostApiClient, openHostSocket } from '../../helpers/host-api-socket.js';
import { startHeadlessHostProcess } from '../../helpers/headless-host-process.js';
import type { HeadlessHostProcess } from '../../helpers/headless-host-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

let cp: ControlPlaneForAgents;
let host: HeadlessHostProcess;
let socket: WebSocket;
let client: HostApiClient;

beforeAll(async () => {
  cp = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
  host = await startHeadlessHostProcess();
  const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
  socket = opened.socket;
  client = hostApiClient(socket);
});

afterAll(async () => {
  socket?.close();
  const code = host === undefined ? 0 : await host.stop();
  await cp?.cp.stop();
  expect(code).toBe(0);
});

async function snapshotWhere(test: (s: HostSnapshot) => boolean, what: string): Promise<HostSnapshot> {
  return waitUntil(
    async () => {
      const snapshot = await client.snapshot();
      return test(snapshot) ? snapshot : null;
    },
    { message: what, timeoutMs: 20_000 },
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('headless host with the real agent and control plane underneath', () => {
  it('enrolls through the host API and then shows the agent connected', async () => {
    await snapshotWhere((s) => s.worker?.phase === 'not_enrolled', 'worker up and not enrolled');
    const { id, token } = await cp.register('host-under-test');
    const { agentId } = await client.enroll({ apiHost: cp.cp.url, token, label: 'host-under-test' });
    expect(agentId).toBe(id);

    const snapshot = await snapshotWhere((s) => s.worker?.phase === 'connected', 'worker connected');
    expect(snapshot.enrollment).toEqual({
      state: 'enrolled',
      agentId: id,
      label: 'host-under-test',
      apiHost: cp.cp.url,
    });
    await waitUntil(async () => (await cp.connected()).some((agent) => agent.id === id), {
      message: 'agent in /connected',
      timeoutMs: 15_000,
    });

    for (const file of await filesUnder(host.dataDir)) {
      expect(await readFile(file, 'utf8'), file).not.toContain(token);
    }
  });

  it('pauses and resumes the worker through the host API', async () => {
    await client.pause();
    const paused = await snapshotWhere((s) => s.worker?.phase === 'paused', 'worker paused');
    expect(paused.paused).toBe(true);
    await client.resume();
    const resumed = await snapshotWhere((s) => s.worker?.phase === 'connected', 'worker connected again');
    expect(resumed.paused).toBe(false);
  });

  it('shows the agent revoked once the control plane revokes it', async () => {
    const { agentId } = (await client.snapshot()).enrollment;
    const revoked = await cp.api(`/api/agents/revoke/${agentId}`, {
      method: 'POST',
      body: { reason: 'test' },
    });
    expect(revoked.status).toBe(200);
    const snapshot = await snapshotWhere((s) => s.enrollment.state === 'revoked', 'revoked in the snapshot');
    expect(snapshot.enrollment.agentId).toBe(agentId);
  });
});
