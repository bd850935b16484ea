import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerToHost } from '../../../src-shared/worker-link.js';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { readPid, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { killGroups, livingGroup, livingGroupMembers } from '../../helpers/job-core.js';
import { makeAgentDataDir, startRealAgent, type RealAgentProcess } from '../../helpers/real-agent-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents | null = null;
let agent: RealAgentProcess | null = null;
const dirs: string[] = [];
const groups: number[] = [];

afterAll(async () => {
  killGroups(groups);
  await agent?.stop(2_000);
  await plane?.cp.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the host shuts the worker down while a job runs (real agent over IPC, real control plane)', () => {
  it('reports the job over the link, lets it run for the grace, then cancels it and exits 0 leaving no process', async () => {
    plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
    const { id, token } = await plane.register('shutdown');
    const dataDir = makeAgentDataDir();
    const scratch = mkdtempSync(join(tmpdir(), 'jobs-e2e-shutdown-'));
    dirs.push(dataDir, scratch);
    agent = startRealAgent({ args: ['run', '--data-dir', dataDir], ipc: true });
    await agent.waitForMessage((m) => m.type === 'ready');
    agent.send({ type: 'enroll', requestId: 'e-1', apiHost: plane.cp.url, token });
    await agent.waitForMessage((m) => m.type === 'reply' && m.requestId === 'e-1');
    await agent.waitForLog((l) => l.msg === 'session established', 15_000);

    const pidFile = join(scratch, 'step.pid');
    const job = await submitJob(
      plane,
      id,
      [{ name: 'endless', run: 'echo $$ > "$PID_FILE"; sleep 600', env: { PID_FILE: pidFile } }],
      { name: 'shutdown-test', cancel_grace_seconds: 1 },
    );
    await waitUntil(() => readPid(pidFile), {
      message: 'the step wrote its pid',
      timeoutMs: 10_000,
    });
    const pgid = livingGroup(readPid(pidFile));
    groups.push(pgid);
    const listed = await agent.waitForMessage(
      (m) => m.type === 'jobs' && JSON.stringify(m).includes(`"state":"running"`),
    );
    expect(WorkerToHost.parse(listed)).toMatchObject({
      type: 'jobs',
      jobs: [{ id: job.id, name: 'shutdown-test', state: 'running', finishedAt: null }],
    });

    const askedAt = Date.now();
    agent.send({ type: 'shutdown', graceMs: 1000 });
    expect(await agent.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    // It waited out the grace before cancelling.
    expect(Date.now() - askedAt).toBeGreaterThanOrEqual(1000);
    expect(livingGroupMembers(pgid)).toEqual([]);
    expect((await waitForJob(plane, job.id)).status).toBe('cancelled');
  }, 40_000);
});
