import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import {
  connectScriptedAgent,
  enrollScriptedAgent,
  httpJson,
  type ScriptedAgent,
} from '../../helpers/scripted-agent.js';
import { startReplicas, type ReplicaSet } from '../../helpers/replicas.js';
import { waitUntil } from '../../helpers/wait-until.js';

let set: ReplicaSet | null = null;
const connections: ScriptedAgent[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.ws.terminate();
  await set?.stop();
  set = null;
});

async function role(plane: ControlPlaneForAgents): Promise<string> {
  return ((await httpJson(plane.cp.url, 'GET', '/healthz')).body as { role: string }).role;
}

describe('the elected sweeper', () => {
  it('is one replica; when it is killed another takes over and disconnects the dead replica’s agents', async () => {
    set = await startReplicas({ count: 2 });
    const planes = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const roles = await Promise.all(planes.map(role));
    expect([...roles].sort()).toEqual(['follower', 'sweeper']);
    const sweeperIndex = roles.indexOf('sweeper');
    const dying = planes[sweeperIndex] as ControlPlaneForAgents;
    const survivor = planes[1 - sweeperIndex] as ControlPlaneForAgents;
    // An agent that will not reconnect (a bare session): only the sweeper can mark it offline.
    const { agentId, identity } = await enrollScriptedAgent(dying.cp.url, set.apiKey);
    connections.push(await connectScriptedAgent(dying.cp.url, agentId, identity));
    await waitUntil(async () => (await survivor.connected()).some((a) => a.id === agentId), {
      message: 'the agent connected to the survivor',
    });

    dying.cp.kill('SIGKILL');
    await dying.cp.exited;
    const killedAt = Date.now();
    await waitUntil(() => role(survivor), {
      until: (r) => r === 'sweeper',
      message: 'the survivor to sweep',
      timeoutMs: 5_000,
    });
    const tookOver = Date.now() - killedAt;
    await waitUntil(async () => !(await survivor.connected()).some((a) => a.id === agentId), {
      message: 'the dead replica’s agent to be disconnected',
      timeoutMs: 20_000,
    });
    const markedAfter = Date.now() - killedAt;
    // Election every 1 s; a replica is gone after 10 s without touching its row (every 2 s).
    expect(tookOver).toBeLessThan(3_000);
    expect(markedAfter).toBeLessThan(15_000);
  }, 60_000);
});
