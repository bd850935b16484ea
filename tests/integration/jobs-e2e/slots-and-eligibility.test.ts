import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eCleanup } from './e2e-cleanup.js';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { getJob, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';

const cleanup = new E2eCleanup();

afterEach(() => cleanup.undo());

/** Agents started with these slots, registered with these tags (tags are the control plane's, set at registration). */
async function planeWithAgents(
  agentsWanted: { slots?: number; tags?: string[] }[],
): Promise<{ plane: ControlPlaneForAgents; agentIds: string[]; scratch: string }> {
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
  cleanup.add(() => plane.cp.stop());
  const scratch = cleanup.scratch('jobs-e2e-slots-');
  const agents = [];
  for (const { slots, tags } of agentsWanted) {
    const tagged = { ...plane, register: () => registerTagged(plane, tags ?? []) };
    agents.push(await enrollRealAgent(tagged, { args: ['--job-slots', String(slots ?? 1)] }));
  }
  for (const { agent, dataDir } of agents) cleanup.agent({ agent, dataDir });
  return { plane, agentIds: agents.map((a) => a.agentId), scratch };
}

async function registerTagged(
  plane: ControlPlaneForAgents,
  tags: string[],
): Promise<{ id: string; token: string }> {
  const res = await plane.api('/api/agents', {
    method: 'POST',
    body: { label: 'jobs-e2e', platform: 'linux', tags },
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
  const agent = dataOf(res) as { id: string; enrollment_token: string };
  return { id: agent.id, token: agent.enrollment_token };
}

/** Each step writes its start and end time (ns since the epoch) into DIR/<job id>.start|.end. */
const TIMED_STEP = {
  name: 'timed',
  run: 'date +%s%N > "$DIR/$PLANASONIX_JOB_ID.start"; sleep 1; date +%s%N > "$DIR/$PLANASONIX_JOB_ID.end"',
};

function readNs(path: string): bigint {
  return BigInt(readFileSync(path, 'utf8').trim());
}

/** The most intervals open at one instant. */
function maxOverlap(intervals: [bigint, bigint][]): number {
  const edges = intervals.flatMap(([start, end]) => [
    { at: start, delta: 1 },
    { at: end, delta: -1 },
  ]);
  // At a tie an end counts first: a slot freed and taken in the same nanosecond is not three.
  edges.sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
  let open = 0;
  let most = 0;
  for (const edge of edges) {
    open += edge.delta;
    most = Math.max(most, open);
  }
  return most;
}

describe('job slots and eligibility (real agents, real control plane)', () => {
  it('with 2 slots and 5 jobs, never more than 2 run at once, and all 5 run', async () => {
    const { plane, agentIds, scratch } = await planeWithAgents([{ slots: 2 }]);
    const agentId = agentIds[0] ?? '';
    const step = { ...TIMED_STEP, env: { DIR: scratch } };
    const jobs = await Promise.all(Array.from({ length: 5 }, () => submitJob(plane, agentId, [step])));
    for (const job of jobs)
      expect((await waitForJob(plane, job.id, undefined, 20_000)).status).toBe('succeeded');
    const intervals = jobs.map((job): [bigint, bigint] => [
      readNs(join(scratch, `${job.id}.start`)),
      readNs(join(scratch, `${job.id}.end`)),
    ]);
    expect(maxOverlap(intervals)).toBe(2);
  }, 30_000);

  it('a job goes only to an agent with every tag and capability asked; one nobody can take stays queued', async () => {
    const { plane, agentIds } = await planeWithAgents([
      { tags: ['env:prod', 'zone:a'] },
      { tags: ['env:dev'] },
    ]);
    const [prod, dev] = agentIds as [string, string];
    const capabilities = (dataOf(await plane.api(`/api/agents/${dev}`)) as { capabilities: string[] })
      .capabilities;
    const capability = capabilities[0];
    if (capability === undefined) throw new Error('the agent detected no capability to target');
    const step = { name: 'say', run: 'echo hi' };
    const target = (t: Record<string, string[]>) => ({ target: t });

    // The two nobody can take go first: the scheduler plans queued jobs oldest first, so the passes
    // that assign the later two have looked at them.
    const nobodyTags = await submitJob(plane, '', [step], target({ tags: ['env:dev', 'zone:a'] }));
    const nobodyCapability = await submitJob(
      plane,
      '',
      [step],
      target({ capabilities: ['no_such_capability_9'] }),
    );
    const toProd = await submitJob(plane, '', [step], target({ tags: ['env:prod', 'zone:a'] }));
    const toDev = await submitJob(
      plane,
      '',
      [step],
      target({ tags: ['env:dev'], capabilities: [capability] }),
    );

    expect(await waitForJob(plane, toProd.id)).toMatchObject({ status: 'succeeded', agent_id: prod });
    expect(await waitForJob(plane, toDev.id)).toMatchObject({ status: 'succeeded', agent_id: dev });
    for (const job of [nobodyTags, nobodyCapability])
      expect(await getJob(plane, job.id)).toMatchObject({ status: 'queued', agent_id: null, attempt: 1 });
  }, 30_000);
});
