import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, sha256 } from '../../helpers/real-agent-jobs.js';
import { stepOutput } from '../../helpers/job-core.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import { startReplicas } from '../../helpers/replicas.js';
import { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';
import { expectedPrinted, printingStep, runCounts } from '../jobs-e2e/deterministic-step.js';
import {
  finishedByAgents,
  readAcross,
  startFleet,
  submitAcrossReplicas,
  waitForAll,
} from './replica-fleet.js';

const cleanup = new E2eCleanup();
afterEach(() => cleanup.undo());

const JOBS = 240;
const LINES = 3;

describe('three replicas on one PostgreSQL, four real agents behind a round-robin balancer', () => {
  it('jobs submitted to every replica, eligible for every agent, each run exactly once with one result', async () => {
    const set = await startReplicas({ count: 3, args: ['--job-lease', '10'] });
    cleanup.add(() => set.stop());
    const runsFile = join(cleanup.scratch('pg-replicas-once-'), 'runs');
    // Agents held by replicas 0, 1, 2 and 0: every replica's scheduler races for the same queue.
    const fleet = await startFleet(
      set,
      cleanup,
      [0, 1, 2, 0].map((replica) => ({ replica, slots: 4, tags: ['pool'] })),
    );
    for (const [i, plane] of set.planes.entries()) {
      const port = Number(new URL(plane.cp.url).port);
      expect(set.balancer.openTo(port), `sessions held by replica ${i}`).toBeGreaterThan(0);
    }
    // Each agent's session row names the replica that holds it (as that replica's /healthz names itself).
    const names = await Promise.all(set.planes.map(async (plane) => (await plane.api('/healthz')).json));
    const db = openPlaneDatabase({ dataDir: '', databaseUrl: set.databaseUrl });
    const holders = await db
      .all<{ id: string; session_replica_id: string | null }>('select id, session_replica_id from agents')
      .finally(() => db.close());
    for (const { agentId, replica } of fleet)
      expect(holders.find((row) => row.id === agentId)?.session_replica_id).toBe(
        (names[replica] as { replica: string }).replica,
      );

    const step = printingStep({ lines: LINES, delaySeconds: 0, runsFile });
    const jobs = await submitAcrossReplicas(set, JOBS, () => ({
      name: 'contention',
      steps: [step],
      target: { tags: ['pool'] },
    }));
    await waitForAll(
      set,
      jobs.map((job) => job.id),
      ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'],
      90_000,
    );

    const answered = await readAcross(set, jobs);
    expect(answered.filter((job) => job.status !== 'succeeded' || job.attempt !== 1)).toEqual([]);
    // Every step started once, and every agent reported each of its jobs once: none twice, none lost.
    const counts = runCounts(runsFile);
    expect(jobs.filter((job) => counts.get(job.id) !== 1).map((job) => [job.id, counts.get(job.id)])).toEqual(
      [],
    );
    const finished = finishedByAgents(fleet);
    expect(finished).toHaveLength(JOBS);
    expect(new Set(finished)).toEqual(new Set(jobs.map((job) => job.id)));
    // Work really spread: every agent ran some.
    for (const { agent } of fleet)
      expect(agent.logs().filter((line) => line.msg === 'job finished').length).toBeGreaterThan(0);
    for (const [i, job] of jobs.entries()) {
      const plane = set.planes[(i + 1) % set.planes.length] as ControlPlaneForAgents;
      const log = await jobLog(plane, job.id);
      expect(sha256(stepOutput(log, 1)), job.id).toBe(sha256(expectedPrinted(job.id, LINES)));
    }
  }, 150_000);
});
