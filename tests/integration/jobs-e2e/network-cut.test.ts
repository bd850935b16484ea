import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eCleanup } from './e2e-cleanup.js';
import { startControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import {
  getJob,
  jobLog,
  sha256,
  enrollRealAgent,
  submitJob,
  waitForJob,
} from '../../helpers/real-agent-jobs.js';
import { stepOutput } from '../../helpers/job-core.js';
import { startTcpRelay } from '../../helpers/tcp-relay.js';
import { expectedPrinted, printingStep, runCounts } from './deterministic-step.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanup = new E2eCleanup();

afterEach(() => cleanup.undo());

const LINES = 80;

describe('a TCP relay between the agent and the control plane cut for 30 s mid-job', () => {
  it('loses nothing: the job completes once with a byte-exact log', async () => {
    // The lease outlives the cut and the reconnect after it.
    const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '45'] });
    cleanup.add(() => plane.cp.stop());
    const relay = await startTcpRelay({ host: '127.0.0.1', port: Number(new URL(plane.cp.url).port) });
    cleanup.add(() => relay.close());
    const scratch = cleanup.scratch('jobs-e2e-cut-');
    const runsFile = join(scratch, 'runs');
    // The later --api-host wins: the agent only ever reaches the control plane through the relay.
    const { agent, agentId, dataDir } = await enrollRealAgent(plane, {
      args: ['--api-host', relay.url],
    });
    cleanup.agent({ agent, dataDir });

    // Prints for about 36 s: before, all through and after the cut.
    const job = await submitJob(plane, agentId, [
      printingStep({ lines: LINES, delaySeconds: 0.45, runsFile }),
    ]);
    await waitForJob(plane, job.id, ['running']);
    await waitUntil(() => getJob(plane, job.id), {
      until: (j) => j.log_bytes > 0,
      message: 'some log shipped',
      timeoutMs: 5_000,
    });

    const lostBefore = agent.logs().filter((l) => /session lost/.test(l.msg)).length;
    // Held silent, not refused: refusals every backoff step would let the agent's reconnect backoff
    // climb to its 60 s ceiling; held attempts end by the agent's 15 s handshake timeout, so it is
    // back within 4 s of the cut's end.
    await relay.cut(30_000, 'blackhole');
    expect(relay.refused()).toBeGreaterThan(0);
    expect(agent.logs().filter((l) => /session lost/.test(l.msg)).length).toBeGreaterThan(lostBefore);
    // Still held by the agent while the link was down (the lease stood).
    expect((await waitForJob(plane, job.id, ['running', 'succeeded'])).agent_id).toBe(agentId);

    const done = await waitForJob(plane, job.id, undefined, 15_000);
    expect(done).toMatchObject({ status: 'succeeded', exit_code: 0, attempt: 1, error: null });
    const log = await jobLog(plane, job.id);
    expect(sha256(stepOutput(log, 1))).toBe(sha256(expectedPrinted(job.id, LINES)));
    expect(done.log_sha256).toBe(sha256(log));
    expect(runCounts(runsFile).get(job.id)).toBe(1);
    expect(agent.logs().filter((l) => l.msg === 'job finished' && l.jobId === job.id)).toHaveLength(1);
  }, 55_000);
});
