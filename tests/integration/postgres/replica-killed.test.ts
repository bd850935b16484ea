import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, sha256 } from '../../helpers/real-agent-jobs.js';
import { stepOutput } from '../../helpers/job-core.js';
import { startReplicas } from '../../helpers/replicas.js';
import { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';
import { expectedPrinted, printingStep, runCounts } from '../jobs-e2e/deterministic-step.js';
import { finishedByAgents, startFleet, submitAcrossReplicas, waitForAll } from './replica-fleet.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanup = new E2eCleanup();
afterEach(() => cleanup.undo());

const JOBS = 12;
const LINES = 40;

describe('a replica SIGKILLed while its agents run jobs (two replicas, three real agents)', () => {
  it('the agents reconnect through the balancer to the other replica; every job finishes once, its log byte-exact', async () => {
    const set = await startReplicas({ count: 2, args: ['--job-lease', '10'] });
    cleanup.add(() => set.stop());
    const [doomed, survivor] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const doomedPort = Number(new URL(doomed.cp.url).port);
    const survivorPort = Number(new URL(survivor.cp.url).port);
    const runsFile = join(cleanup.scratch('pg-replica-killed-'), 'runs');
    const fleet = await startFleet(
      set,
      cleanup,
      [0, 0, 0].map((replica) => ({ replica, slots: 4, tags: ['killed'] })),
    );
    expect(set.balancer.openTo(doomedPort)).toBeGreaterThanOrEqual(fleet.length);

    // About 4 s of printing each: the replica dies in the middle of all twelve.
    const step = printingStep({ lines: LINES, delaySeconds: 0.1, runsFile });
    const jobs = await submitAcrossReplicas(set, JOBS, () => ({
      name: 'through-a-dead-replica',
      steps: [step],
      target: { tags: ['killed'] },
    }));
    const ids = jobs.map((job) => job.id);
    await waitForAll(set, ids, ['running'], 15_000);
    expect(runCounts(runsFile).size).toBe(JOBS);

    doomed.cp.kill('SIGKILL');
    await doomed.cp.exited;
    // The dead replica stays in the rotation: the balancer skips it as it refuses.
    await waitUntil(() => set.balancer.openTo(survivorPort) >= fleet.length, {
      message: 'agents moved',
      timeoutMs: 15_000,
    });
    // Three reconnections in a two-way rotation: at least one was first offered the dead replica.
    expect(set.balancer.refusedBy(doomedPort)).toBeGreaterThan(0);

    await waitForAll(set, ids, ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'], 30_000);
    for (const job of jobs) {
      const done = await survivor.api(`/v1/jobs/${job.id}`);
      expect(done.json, job.id).toMatchObject({ data: { status: 'succeeded', exit_code: 0, attempt: 1 } });
      const log = await jobLog(survivor, job.id);
      expect(sha256(stepOutput(log, 1)), job.id).toBe(sha256(expectedPrinted(job.id, LINES)));
      expect((done.json as { data: { log_sha256: string } }).data.log_sha256).toBe(sha256(log));
    }
    const counts = runCounts(runsFile);
    expect(jobs.map((job) => counts.get(job.id))).toEqual(jobs.map(() => 1));
    expect([...finishedByAgents(fleet)].sort()).toEqual([...ids].sort());
  }, 90_000);
});
