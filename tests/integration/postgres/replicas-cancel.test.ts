import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { readPid, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { killGroups, livingGroup, livingGroupMembers } from '../../helpers/job-core.js';
import { startReplicas } from '../../helpers/replicas.js';
import { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanup = new E2eCleanup();
const groups: number[] = [];
afterEach(async () => {
  killGroups(groups);
  await cleanup.undo();
});

describe('a cancel across replicas (a real agent on one replica, heartbeats every 10 s)', () => {
  it('a cancel sent to one replica stops the step on an agent the other holds within a second', async () => {
    const set = await startReplicas({ count: 2, heartbeatSeconds: 10 });
    cleanup.add(() => set.stop());
    const [holder, other] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const started = await enrollRealAgent(holder);
    cleanup.agent(started);
    const pidFile = join(cleanup.scratch('pg-replicas-cancel-'), 'step.pid');
    const job = await submitJob(other, started.agentId, [
      { name: 'long', run: 'echo $$ > "$PID_FILE"; sleep 60', env: { PID_FILE: pidFile } },
    ]);
    await waitForJob(other, job.id, ['running']);
    await waitUntil(() => readPid(pidFile), { message: 'the step wrote its pid', timeoutMs: 5_000 });
    const pgid = livingGroup(readPid(pidFile));
    groups.push(pgid);

    const sentAt = performance.now();
    expect((await other.api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' })).status).toBe(202);
    // The next heartbeat ack is up to 10 s away: only the replicas' bus can be this quick.
    await waitUntil(() => livingGroupMembers(pgid).length === 0, {
      message: 'the step ended',
      timeoutMs: 5_000,
    });
    expect(performance.now() - sentAt).toBeLessThan(1_000);
    expect(await waitForJob(other, job.id)).toMatchObject({ status: 'cancelled' });
  }, 60_000);
});
