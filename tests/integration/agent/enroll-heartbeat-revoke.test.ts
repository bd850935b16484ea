import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { makeAgentDataDir, startRealAgent, type RealAgentProcess } from '../../helpers/real-agent-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents;
const dirs: string[] = [];
const agents: RealAgentProcess[] = [];

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await plane.cp.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runAgent(args: string[], env: Record<string, string> = {}): RealAgentProcess {
  const agent = startRealAgent({ args: ['run', ...args], env });
  agents.push(agent);
  return agent;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('agent enrollment, heartbeats and revoke (real agent, real control plane)', () => {
  it('enrolls, heartbeats into health and connected, keeps the token off disk and out of logs, and learns of a revoke within a second, then exits 10', async () => {
    const { id, token } = await plane.register('enroll-test');
    const dataDir = makeAgentDataDir();
    dirs.push(dataDir);
    const agent = runAgent(
      ['--api-host', plane.cp.url, '--data-dir', dataDir, '--label', 'lab-1', '--tags', 'x,y'],
      {
        PLANASONIX_ENROLLMENT_TOKEN: token,
      },
    );
    await agent.waitForLog((l) => l.msg === 'session established');

    // Health and the connected list reflect heartbeats within one interval (1 s here), plus slack.
    const health = await waitUntil(
      async () => {
        const h = await plane.health(id);
        return h.heartbeat_at !== null && typeof h.cpu_percent === 'number' ? h : null;
      },
      { message: 'a heartbeat in health', timeoutMs: 3_000 },
    );
    expect(health).toMatchObject({
      agent_id: id,
      active_jobs: 0,
      queue_depth: 0,
      last_error: null,
    });
    // The status follows the server's rule on this busy 2-core machine's real figures; what matters
    // here is that a heartbeat arrived: neither offline nor still waiting for a first one.
    expect(['healthy', 'degraded', 'unhealthy']).toContain(health.status);
    expect(health.disk_free_gb).toEqual(expect.any(Number));
    expect(health.memory_percent).toEqual(expect.any(Number));
    const first = Date.parse(String(health.heartbeat_at));
    await waitUntil(async () => Date.parse(String((await plane.health(id)).heartbeat_at)) > first, {
      message: 'a later heartbeat',
      timeoutMs: 3_000,
    });
    const connected = await plane.connected();
    expect(connected.find((c) => c.id === id)).toMatchObject({ remote_ip: '127.0.0.1' });

    const detail = (await plane.api(`/api/agents/${id}`)).json as { data: Record<string, unknown> };
    expect(detail.data).toMatchObject({ status: 'active', version: '0.1.0' });
    expect(detail.data.capabilities).toContain(`node_${process.versions.node.split('.')[0]}`);

    // The key is a 0600 file; the token is nowhere on disk and in no log line.
    expect(statSync(join(dataDir, 'agent-key.pem')).mode & 0o777).toBe(0o600);
    for (const file of filesUnder(dataDir)) expect(readFileSync(file, 'utf8')).not.toContain(token);
    expect(agent.stderr()).not.toContain(token);
    expect(agent.stderr()).not.toContain('PRIVATE KEY');

    const revokedAt = Date.now();
    const revoke = await plane.api(`/api/agents/revoke/${id}`, { method: 'POST', body: { reason: 'test' } });
    expect(revoke.status).toBe(200);
    const exit = await agent.waitForExit(5_000);
    expect(exit.code).toBe(10);
    // The agent logs the revoke as the close arrives (its own clock, the same machine's); the exit
    // follows after the short flush the CLI allows.
    const learned = agent.logs().find((l) => /revoked by an operator/.test(l.msg));
    expect(learned?.time).toEqual(expect.any(Number));
    expect(Number(learned?.time) - revokedAt).toBeLessThan(1_000);
    expect(filesUnder(dataDir).map((f) => f.slice(dataDir.length))).toEqual([]);
  });

  it('exits 10 with the reason when the token was already used, without writing a key', async () => {
    const { token } = await plane.register('reuse-test');
    const first = makeAgentDataDir();
    const second = makeAgentDataDir();
    dirs.push(first, second);
    const winner = runAgent(['--api-host', plane.cp.url, '--data-dir', first, '--token', token]);
    await winner.waitForLog((l) => l.msg === 'enrolled');
    const loser = runAgent(['--api-host', plane.cp.url, '--data-dir', second, '--token', token]);
    expect((await loser.waitForExit()).code).toBe(10);
    expect(loser.logs().some((l) => /already used/.test(l.msg))).toBe(true);
    expect(filesUnder(second).some((f) => f.endsWith('agent-key.pem'))).toBe(false);
    expect(loser.stderr()).not.toContain(token);
    expect((await winner.stop()).code).toBe(0);
  });

  it('exits 10 asking for a token when started unenrolled without one', async () => {
    const dataDir = makeAgentDataDir();
    dirs.push(dataDir);
    const agent = runAgent(['--api-host', plane.cp.url, '--data-dir', dataDir]);
    expect((await agent.waitForExit()).code).toBe(10);
    expect(agent.logs().some((l) => /not enrolled: give --api-host and --token/.test(l.msg))).toBe(true);
  });

  it('enrolls from an installer’s config folder (PLANASONIX_CONFIG_DIR) and deletes the spent token file', async () => {
    const { id, token } = await plane.register('managed-test');
    const configDir = makeAgentDataDir();
    const stateDir = makeAgentDataDir();
    dirs.push(configDir, stateDir);
    writeFileSync(
      join(configDir, 'planasonix-agent.json'),
      JSON.stringify({ api_host: plane.cp.url, agent_id: id }),
    );
    mkdirSync(join(configDir, 'enrollment'), { mode: 0o700 });
    writeFileSync(join(configDir, 'enrollment', 'token'), `${token}\n`, { mode: 0o600 });
    const agent = runAgent([], { PLANASONIX_CONFIG_DIR: configDir, PLANASONIX_STATE_DIR: stateDir });
    await agent.waitForLog((l) => l.msg === 'session established');
    expect(existsSync(join(configDir, 'enrollment', 'token'))).toBe(false);
    expect(JSON.parse(readFileSync(join(stateDir, 'agent-state.json'), 'utf8'))).toMatchObject({
      agent_id: id,
    });
    expect((await agent.stop()).code).toBe(0);
  });
});
