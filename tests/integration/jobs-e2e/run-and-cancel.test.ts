import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import {
  jobLog,
  readPid,
  sha256,
  enrollRealAgent,
  submitJob,
  waitForJob,
} from '../../helpers/real-agent-jobs.js';
import { livingGroup, livingGroupMembers, stepOutput } from '../../helpers/job-core.js';
import type { RealAgentProcess } from '../../helpers/real-agent-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents;
let agent: RealAgentProcess;
let agentId: string;
let agentDataDir: string;
const scratch = mkdtempSync(join(tmpdir(), 'jobs-e2e-'));

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
  ({ agent, agentId, dataDir: agentDataDir } = await enrollRealAgent(plane, { args: ['--job-slots', '2'] }));
}, 30_000);

afterAll(async () => {
  await agent.stop(5_000);
  await plane.cp.stop();
  rmSync(agentDataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('jobs through the real agent and the real control plane', () => {
  it('runs a job to success and the API returns its log byte for byte (3 MB, not UTF-8)', async () => {
    const copy = join(scratch, 'written.bin');
    const job = await submitJob(plane, agentId, [
      {
        name: 'noise',
        // Random bytes are nearly never valid UTF-8; tee keeps a copy of exactly what was printed.
        run: 'head -c 3000000 /dev/urandom | tee "$COPY"; printf "\\377\\376 tail\\n"',
        env: { COPY: copy },
      },
      { name: 'second', run: 'echo "step two in $PLANASONIX_JOB_ID"' },
    ]);
    const done = await waitForJob(plane, job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      agent_id: agentId,
      attempt: 1,
      error: null,
    });
    expect(done.steps.map((s) => [s.status, s.exit_code])).toEqual([
      ['succeeded', 0],
      ['succeeded', 0],
    ]);
    const log = await jobLog(plane, job.id);
    const written = Buffer.concat([readFileSync(copy), Buffer.from([0xff, 0xfe]), Buffer.from(' tail\n')]);
    expect(sha256(stepOutput(log, 1))).toBe(sha256(written));
    expect(stepOutput(log, 2).toString()).toBe(`step two in ${job.id}\n`);
    expect(done.log_bytes).toBe(log.length);
    expect(done.log_sha256).toBe(sha256(log));
    // Everything acked: the agent keeps no file of the job.
    await waitUntil(() => !existsIn(agentDataDir, job.id), {
      message: 'the job files removed',
      timeoutMs: 5_000,
    });
  }, 20_000);

  it('reports a failing step as failed with its exit code and skips the rest', async () => {
    const job = await submitJob(plane, agentId, [
      { name: 'fails', run: 'echo before; exit 7' },
      { name: 'never', run: 'echo never' },
    ]);
    const done = await waitForJob(plane, job.id);
    expect(done).toMatchObject({ status: 'failed', exit_code: 7 });
    expect(done.steps.map((s) => [s.status, s.exit_code])).toEqual([
      ['failed', 7],
      ['skipped', null],
    ]);
    expect(stepOutput(await jobLog(plane, job.id), 1).toString()).toBe('before\n');
  }, 20_000);

  it('cancels a running job: cancelled, and no process of its group is left', async () => {
    const pidFile = join(scratch, 'cancel.pid');
    const job = await submitJob(
      plane,
      agentId,
      [
        {
          name: 'sleeper',
          // A grandchild in the background and a TERM trap that ignores TERM: only KILL ends it.
          run: 'echo $$ > "$PID_FILE"; trap "" TERM; sleep 600 & sleep 600; wait',
          env: { PID_FILE: pidFile },
        },
      ],
      { cancel_grace_seconds: 1 },
    );
    await waitForJob(plane, job.id, ['running']);
    await waitUntil(() => readPid(pidFile), { message: 'the step wrote its pid', timeoutMs: 5_000 });
    const pgid = livingGroup(readPid(pidFile));
    expect(livingGroupMembers(pgid).length).toBeGreaterThan(0);
    const res = await plane.api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    const done = await waitForJob(plane, job.id);
    expect(done.status).toBe('cancelled');
    expect(livingGroupMembers(pgid)).toEqual([]);
  }, 20_000);

  it('reports the true active_jobs in health while jobs run', async () => {
    const jobs = await Promise.all(
      [1, 2].map(() => submitJob(plane, agentId, [{ name: 'wait', run: 'sleep 3' }])),
    );
    await Promise.all(jobs.map((j) => waitForJob(plane, j.id, ['running'])));
    await waitUntil(async () => (await plane.health(agentId)).active_jobs, {
      until: (n) => n === 2,
      message: 'active_jobs 2',
      timeoutMs: 5_000,
    });
    await Promise.all(jobs.map((j) => waitForJob(plane, j.id)));
  }, 20_000);
});

function existsIn(dataDir: string, jobId: string): boolean {
  try {
    readFileSync(join(dataDir, 'jobs', jobId, 'journal.json'));
    return true;
  } catch {
    return false;
  }
}
