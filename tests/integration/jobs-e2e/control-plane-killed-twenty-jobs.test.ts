import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eCleanup } from './e2e-cleanup.js';
import { startControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, sha256, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { stepOutput } from '../../helpers/job-core.js';
import { expectedPrinted, printingStep, runCounts } from './deterministic-step.js';

const cleanup = new E2eCleanup();

afterEach(() => cleanup.undo());

const LINES = 50;

describe('a control plane SIGKILLed while 20 jobs run (two real agents, ten slots each)', () => {
  it('after its restart every job completes once, each log byte-exact', async () => {
    const args = ['--job-lease', '10'];
    const first = await startControlPlaneForAgents({ heartbeatSeconds: 1, args });
    const port = new URL(first.cp.url).port;
    cleanup.add(() => rmSync(first.cp.dataDir, { recursive: true, force: true }));
    const scratch = cleanup.scratch('jobs-e2e-twenty-');
    const runsFile = join(scratch, 'runs');
    const agents = await Promise.all(
      [1, 2].map(() => enrollRealAgent(first, { args: ['--job-slots', '10'] })),
    );
    for (const { agent, dataDir } of agents) cleanup.agent({ agent, dataDir });

    // About 5 s of printing each: the control plane dies in the middle of all twenty.
    const step = printingStep({ lines: LINES, delaySeconds: 0.1, runsFile });
    const jobs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submitJob(first, agents[i % 2]?.agentId ?? '', [step])),
    );
    await Promise.all(jobs.map((job) => waitForJob(first, job.id, ['running'], 15_000)));
    expect(runCounts(runsFile).size).toBeGreaterThan(0);

    first.cp.kill('SIGKILL');
    await first.cp.exited;
    const second = await startControlPlaneForAgents({
      heartbeatSeconds: 1,
      dataDir: first.cp.dataDir,
      apiKey: first.cp.apiKey,
      args: [...args, '--port', port],
    });
    cleanup.add(() => second.cp.stop({ keepDataDir: true }));

    for (const job of jobs) {
      const done = await waitForJob(second, job.id, undefined, 20_000);
      expect(done).toMatchObject({ status: 'succeeded', exit_code: 0, attempt: 1, error: null });
      const log = await jobLog(second, job.id);
      expect(sha256(stepOutput(log, 1))).toBe(sha256(expectedPrinted(job.id, LINES)));
      expect(done.log_sha256).toBe(sha256(log));
    }
    // Each step ran exactly once, and each agent reported each of its jobs finished once.
    const counts = runCounts(runsFile);
    expect(jobs.map((job) => counts.get(job.id))).toEqual(jobs.map(() => 1));
    const finished = agents.flatMap(({ agent }) =>
      agent
        .logs()
        .filter((l) => l.msg === 'job finished')
        .map((l) => l.jobId),
    );
    expect([...finished].sort()).toEqual(jobs.map((job) => job.id).sort());
  }, 55_000);
});
