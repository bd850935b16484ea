import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerToHost } from '../../../src-shared/worker-link.js';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import {
  makeAgentDataDir,
  startRealAgent,
  type RealAgentProcess,
  type LinkMessage,
} from '../../helpers/real-agent-process.js';
import { startConnectProxy, type ConnectProxy } from '../../helpers/connect-proxy.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents;
let proxy: ConnectProxy;
const dirs: string[] = [];
const agents: RealAgentProcess[] = [];

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await proxy.close();
  await plane.cp.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const phaseOf = (m: LinkMessage) => (m.type === 'state' ? (m.state as { phase: string }).phase : null);

describe('agent through a CONNECT proxy', () => {
  it('enrolls and holds its session through HTTP_PROXY, and reconnects through it after the proxy drops the tunnel', async () => {
    const { id, token } = await plane.register('proxy-test');
    const dataDir = makeAgentDataDir();
    dirs.push(dataDir);
    const agent = startRealAgent({
      args: ['run', '--api-host', plane.cp.url, '--data-dir', dataDir, '--token', token],
      env: { HTTP_PROXY: proxy.url },
    });
    agents.push(agent);
    await agent.waitForLog((l) => l.msg === 'session established');
    const target = new URL(plane.cp.url).host;
    // preflight tunnel, healthz, enroll, then the session WebSocket: all through the proxy.
    expect(proxy.connects.filter((c) => c === target).length).toBeGreaterThanOrEqual(3);
    expect(proxy.openTunnels()).toBe(1);
    const since = Date.now();
    await waitUntil(async () => Date.parse(String((await plane.health(id)).heartbeat_at)) >= since - 1_000, {
      message: 'a heartbeat via the proxy',
      timeoutMs: 5_000,
    });

    const before = proxy.connects.length;
    proxy.dropTunnels();
    await waitUntil(() => agent.logs().filter((l) => l.msg === 'session established').length, {
      until: (n) => n >= 2,
      message: 'a new session',
      timeoutMs: 15_000,
    });
    expect(proxy.connects.length).toBeGreaterThan(before);
    expect((await agent.stop()).code).toBe(0);
  });
});

describe('agent driven over its IPC link', () => {
  it('says ready and not_enrolled, answers ping, enrolls on request with progress and state changes, sends health, pauses, stays up when revoked and re-enrolls, and shuts down with 0', async () => {
    const { id, token } = await plane.register('link-test');
    const dataDir = makeAgentDataDir();
    dirs.push(dataDir);
    const agent = startRealAgent({ args: ['run', '--data-dir', dataDir], ipc: true });
    agents.push(agent);
    const ready = await agent.waitForMessage((m) => m.type === 'ready');
    expect(ready).toMatchObject({ linkVersion: 1, pid: agent.pid, version: '0.1.0' });
    await agent.waitForMessage((m) => phaseOf(m) === 'not_enrolled');

    agent.send({ type: 'ping', nonce: 'n-1' });
    expect(await agent.waitForMessage((m) => m.type === 'pong')).toEqual({ type: 'pong', nonce: 'n-1' });

    agent.send({ type: 'enroll', requestId: 'bad' });
    expect(await agent.waitForMessage((m) => m.type === 'reply' && m.requestId === 'bad')).toMatchObject({
      ok: false,
      error: { code: 'bad_message' },
    });

    agent.send({ type: 'enroll', requestId: 'e-1', apiHost: plane.cp.url, token, label: 'via-link' });
    const reply = await agent.waitForMessage((m) => m.type === 'reply' && m.requestId === 'e-1');
    expect(reply).toMatchObject({ ok: true, result: { agentId: id } });
    await agent.waitForMessage((m) => phaseOf(m) === 'connected');
    await agent.waitForMessage((m) => m.type === 'health');

    const messages = agent.messages();
    const progress = messages.filter((m) => m.type === 'enroll_progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'reachability', status: 'passed' })]),
    );
    const phases = messages.map(phaseOf).filter((p) => p !== null);
    expect(phases).toEqual(expect.arrayContaining(['not_enrolled', 'enrolling', 'connecting', 'connected']));
    expect(phases.indexOf('enrolling')).toBeLessThan(phases.indexOf('connected'));
    for (const m of messages) expect(WorkerToHost.safeParse(m).success).toBe(true);
    // Log lines travel the link too, and the token never does.
    expect(messages.some((m) => m.type === 'log' && m.msg === 'enrolled')).toBe(true);
    expect(JSON.stringify(messages)).not.toContain(token);

    agent.send({ type: 'pause' });
    await agent.waitForMessage((m) => phaseOf(m) === 'paused');
    agent.send({ type: 'resume' });
    await waitUntil(() => messages.filter((m) => phaseOf(m) === 'connected').length, {
      until: (n) => n >= 2,
      message: 'connected again',
      timeoutMs: 10_000,
    });

    // Under a host, a revoke leaves the worker up in `revoked` (the host decides), and enabling the
    // agent gives a fresh token that the host can enroll with: a new key, the same agent.
    await plane.api(`/api/agents/revoke/${id}`, { method: 'POST' });
    const revoked = await agent.waitForMessage((m) => phaseOf(m) === 'revoked');
    expect(revoked.state).toMatchObject({ failure: 'revoked', agentId: id });
    const enabled = (await plane.api(`/api/agents/enable/${id}`, { method: 'POST' })).json as {
      data: { enrollment_token: string };
    };
    agent.send({
      type: 'enroll',
      requestId: 'e-2',
      apiHost: plane.cp.url,
      token: enabled.data.enrollment_token,
    });
    expect(await agent.waitForMessage((m) => m.type === 'reply' && m.requestId === 'e-2')).toMatchObject({
      ok: true,
      result: { agentId: id },
    });
    await waitUntil(() => messages.filter((m) => phaseOf(m) === 'connected').length, {
      until: (n) => n >= 3,
      message: 'connected after re-enrolling',
      timeoutMs: 10_000,
    });

    agent.send({ type: 'shutdown', graceMs: 1_000 });
    expect((await agent.waitForExit(5_000)).code).toBe(0);
  });
});
