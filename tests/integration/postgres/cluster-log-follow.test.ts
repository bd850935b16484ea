import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { startReplicas } from '../../helpers/replicas.js';
import { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';

const cleanup = new E2eCleanup();
afterEach(async () => {
  await cleanup.undo();
});

/** Reads a streamed answer to its end, noting when each piece arrived. */
async function readTimed(response: Response): Promise<{ text: string; arrivals: number[]; endedAt: number }> {
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  const arrivals: number[] = [];
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done) return { text, arrivals, endedAt: performance.now() };
    arrivals.push(performance.now());
    text += decoder.decode(value, { stream: true });
  }
}

describe('following a job log through a replica that does not hold the agent', () => {
  it('gets each line as it is stored by the other replica and ends when the job does (the bus, not the 2 s poll)', async () => {
    const set = await startReplicas({ count: 2 });
    cleanup.add(() => set.stop());
    const [holder, other] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const started = await enrollRealAgent(holder);
    cleanup.agent(started);
    const job = await submitJob(other, started.agentId, [
      { name: 'drip', run: 'for i in 1 2 3 4 5 6 7 8; do echo "line $i"; sleep 0.4; done' },
    ]);
    await waitForJob(other, job.id, ['running']);
    const response = await fetch(`${other.cp.url}/v1/jobs/${job.id}/logs?follow=1`, {
      headers: { authorization: `Bearer ${set.apiKey}` },
    });
    expect(response.status).toBe(200);
    const { text, arrivals, endedAt } = await readTimed(response);
    expect(text).toBe((await jobLog(holder, job.id)).toString('utf8'));
    expect(text).toContain('line 8');
    // Lines come 0.4 s apart; a follower woken only by its 2 s poll would see gaps of about 2 s.
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? at));
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps)).toBeLessThan(1_200);
    expect(endedAt - (arrivals.at(-1) ?? endedAt)).toBeLessThan(1_200);
    expect(await waitForJob(other, job.id)).toMatchObject({ status: 'succeeded' });
  }, 60_000);
});
