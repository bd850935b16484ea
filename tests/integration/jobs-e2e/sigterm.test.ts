import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { readPid, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { killGroups, livingGroup, livingGroupMembers } from '../../helpers/job-core.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents;
const scratch = mkdtempSync(join(tmpdir(), 'jobs-e2e-sigterm-'));
const groups: number[] = [];

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
}, 30_000);

afterAll(async () => {
  killGroups(groups);
  await plane.cp.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('SIGTERM to the standalone agent (real agent, real control plane)', () => {
  it('first SIGTERM: the running job finishes and is reported, then the agent exits 0', async () => {
    const { agent, agentId, dataDir } = await enrollRealAgent(plane);
    try {
      const job = await submitJob(plane, agentId, [{ name: 'finish-me', run: 'sleep 2; echo finished' }]);
      await waitForJob(plane, job.id, ['running']);
      process.kill(agent.pid, 'SIGTERM');
      await agent.waitForLog((l) => l.msg.startsWith('received SIGTERM: no new jobs'), 5_000);
      const status = await agent.waitForExit(15_000);
      expect(status).toEqual({ code: 0, signal: null });
      expect((await waitForJob(plane, job.id)).status).toBe('succeeded');
    } finally {
      await agent.stop(2_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('second SIGTERM: the running job is cancelled and reported, no process of its group is left, exit 0', async () => {
    const { agent, agentId, dataDir } = await enrollRealAgent(plane);
    try {
      const pidFile = join(scratch, 'second.pid');
      const job = await submitJob(
        plane,
        agentId,
        [{ name: 'endless', run: 'echo $$ > "$PID_FILE"; sleep 600', env: { PID_FILE: pidFile } }],
        { cancel_grace_seconds: 1 },
      );
      await waitForJob(plane, job.id, ['running']);
      await waitUntil(() => readPid(pidFile), {
        message: 'the step wrote its pid',
        timeoutMs: 5_000,
      });
      const pgid = livingGroup(readPid(pidFile));
      groups.push(pgid);
      process.kill(agent.pid, 'SIGTERM');
      await agent.waitForLog((l) => l.msg.startsWith('received SIGTERM: no new jobs'), 5_000);
      process.kill(agent.pid, 'SIGTERM');
      const status = await agent.waitForExit(15_000);
      expect(status).toEqual({ code: 0, signal: null });
      expect(livingGroupMembers(pgid)).toEqual([]);
      expect((await waitForJob(plane, job.id)).status).toBe('cancelled');
    } finally {
      await agent.stop(2_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
