import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentKeepsJob, E2eCleanup } from './e2e-cleanup.js';
import { startControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, sha256, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { jobPaths } from '../../../src-agent/jobs/job-paths.js';
import { stepOutput } from '../../helpers/job-core.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanup = new E2eCleanup();

afterEach(() => cleanup.undo());

const SIZE = 50 * 1024 * 1024;

describe('50 MB of output through the whole path (step, spool, session, control plane)', () => {
  it('arrives byte-exact, and the agent drops its spool once the server has it', async () => {
    const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '10'] });
    cleanup.add(() => plane.cp.stop());
    const scratch = cleanup.scratch('jobs-e2e-large-');
    const { agent, agentId, dataDir } = await enrollRealAgent(plane);
    cleanup.agent({ agent, dataDir });
    const copy = join(scratch, 'written.bin');

    const job = await submitJob(plane, agentId, [
      // Random bytes (not UTF-8, no line structure); tee keeps exactly what the step printed.
      { name: 'large', run: `head -c ${SIZE} /dev/urandom | tee "$COPY"`, env: { COPY: copy } },
    ]);
    const done = await waitForJob(plane, job.id, undefined, 40_000);
    expect(done).toMatchObject({ status: 'succeeded', exit_code: 0, attempt: 1, error: null });
    const written = readFileSync(copy);
    expect(written.length).toBe(SIZE);
    const log = await jobLog(plane, job.id);
    expect(sha256(stepOutput(log, 1))).toBe(sha256(written));
    expect(done.log_bytes).toBe(log.length);
    expect(done.log_sha256).toBe(sha256(log));
    // The spool (50 MB of it) and the journal both go, not just the journal.
    const paths = jobPaths(dataDir, job.id);
    await waitUntil(() => !agentKeepsJob(dataDir, job.id) && !existsSync(paths.spool), {
      message: 'the spool and the journal removed',
      timeoutMs: 5_000,
    });
  }, 55_000);
});
