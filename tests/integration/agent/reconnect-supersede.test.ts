import { cpSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { makeAgentDataDir, startRealAgent, type RealAgentProcess } from '../../helpers/real-agent-process.js';
import { enrollRealAgent } from '../../helpers/real-agent-jobs.js';
import { makeTempDataDir } from '../../helpers/control-plane-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cpDataDir = makeTempDataDir();
const dirs: string[] = [cpDataDir];
const agents: RealAgentProcess[] = [];
let plane: ControlPlaneForAgents;

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ dataDir: cpDataDir, heartbeatSeconds: 1 });
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await plane.cp.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A real agent enrolled with a fresh registration, stopped and removed after the file. */
async function enrolledAgent(label: string) {
  const { agent, agentId: id, dataDir } = await enrollRealAgent(plane, { label });
  agents.push(agent);
  dirs.push(dataDir);
  return { id, agent, dataDir };
}

const established = (agent: RealAgentProcess) =>
  agent.logs().filter((l) => l.msg === 'session established').length;

describe('agent sessions across control-plane restarts and duplicate processes', () => {
  it('comes back on its own after the control plane is killed and restarted on the same port', async () => {
    const { id, agent } = await enrolledAgent('restart-test');
    const port = new URL(plane.cp.url).port;
    plane.cp.kill('SIGKILL');
    await plane.cp.exited;
    const lost = await agent.waitForLog(
      (l) => typeof l.msg === 'string' && l.msg.startsWith('session lost (network)'),
    );
    expect(lost.retryInMs).toEqual(expect.any(Number));

    plane = await startControlPlaneForAgents({
      dataDir: cpDataDir,
      heartbeatSeconds: 1,
      args: ['--port', port],
    });
    expect(plane.cp.url).toBe(`http://127.0.0.1:${port}`);
    const restartedAt = Date.now();
    await waitUntil(() => established(agent), {
      until: (n) => n >= 2,
      message: 'a second session',
      timeoutMs: 20_000,
    });
    const health = await waitUntil(
      async () => {
        const h = await plane.health(id);
        return typeof h.heartbeat_at === 'string' && Date.parse(h.heartbeat_at) >= restartedAt - 1_000
          ? h
          : null;
      },
      { message: 'a heartbeat after the restart', timeoutMs: 5_000 },
    );
    expect(health.agent_id).toBe(id);
    expect((await agent.stop()).code).toBe(0);
  });

  it('yields to a second process with the same key: the first exits 0 (superseded), the second stays connected', async () => {
    const { id, agent: first, dataDir } = await enrolledAgent('supersede-test');
    const copy = makeAgentDataDir();
    dirs.push(copy);
    cpSync(dataDir, copy, { recursive: true });
    const second = startRealAgent({ args: ['run', '--api-host', plane.cp.url, '--data-dir', copy] });
    agents.push(second);
    await second.waitForLog((l) => l.msg === 'session established');
    const exit = await first.waitForExit(5_000);
    expect(exit.code).toBe(0);
    expect(first.logs().some((l) => /another agent process with this key took over/.test(l.msg))).toBe(true);
    // The second is not pushed out in turn: it keeps heartbeating.
    const since = Date.now();
    await waitUntil(async () => Date.parse(String((await plane.health(id)).heartbeat_at)) >= since, {
      message: 'heartbeats from the second',
      timeoutMs: 5_000,
    });
    expect(established(second)).toBe(1);
    expect((await second.stop()).code).toBe(0);
  });
});
