import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobExecution } from '../../../src-agent/jobs/job-execution.js';
import { parseJobSpec } from '../../../src-agent/jobs/job-spec.js';
import type { JobSpecInput } from '../../../src-agent/jobs/job-spec.js';
import { readJournal } from '../../../src-agent/jobs/job-journal.js';
import {
  isRunning,
  killGroups,
  livingGroup,
  livingGroupMembers,
  newJobId,
  jobCoreDeps,
  removeJobCoreDataDirs,
} from '../../helpers/job-core.js';
import { waitUntil } from '../../helpers/wait-until.js';

/** Starts a background grandchild that ignores SIGTERM, writes its pid to grandchild.pid, says ready. */
const START_STUBBORN_GRANDCHILD =
  `sh -c 'trap "" TERM; echo $$ > "$PLANASONIX_WORKSPACE/grandchild.pid"; while :; do sleep 1; done' & ` +
  `while [ ! -s "$PLANASONIX_WORKSPACE/grandchild.pid" ]; do sleep 0.05; done; echo ready`;
const STUBBORN_GRANDCHILD = `${START_STUBBORN_GRANDCHILD}; wait`;

const spawned: number[] = [];
afterEach(() => {
  killGroups(spawned);
  removeJobCoreDataDirs();
});

function started(input: Omit<JobSpecInput, 'jobId' | 'attempt'>) {
  const deps = jobCoreDeps();
  const execution = JobExecution.accept(parseJobSpec({ jobId: newJobId(), attempt: 1, ...input }), deps);
  const t0 = performance.now();
  const done = execution.execute();
  /**
   * Once the step said `ready`: its process group (the step's pid, from the journal) and the
   * grandchild in it. Both must exist before a test may say they are gone: an empty group passes
   * every "nothing left" check.
   */
  const grandchildReady = async (): Promise<{ pgid: number; grandchild: number }> => {
    await waitUntil(() => readFileSync(execution.paths.spool, 'utf8').includes('ready'), {
      message: 'the step to be ready',
    });
    const pgid = livingGroup(readJournal(execution.paths.journal)?.pid);
    spawned.push(pgid);
    const grandchild = Number(readFileSync(join(execution.paths.workspace, 'grandchild.pid'), 'utf8'));
    expect(livingGroupMembers(pgid)).toContain(grandchild);
    return { pgid, grandchild };
  };
  return { execution, done, grandchildReady, elapsed: () => performance.now() - t0 };
}

describe('cancel: SIGTERM to the group, the grace period, then SIGKILL', () => {
  it('kills a step that traps SIGTERM after the grace period, grandchildren included', async () => {
    const job = started({
      cancelGraceSeconds: 1,
      // The shell itself traps TERM and goes on: only SIGKILL ends it.
      steps: [
        {
          name: 'stubborn',
          run: `trap 'echo got TERM' TERM; ${START_STUBBORN_GRANDCHILD}; while :; do sleep 0.1; done`,
        },
      ],
    });
    const { pgid, grandchild } = await job.grandchildReady();

    const cancelledAt = performance.now();
    expect(job.execution.cancel()).toBe(true);
    const result = await job.done;
    const took = performance.now() - cancelledAt;

    expect(result.status).toBe('cancelled');
    expect(result.steps[0]).toMatchObject({ status: 'cancelled', exitCode: null });
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(6_000);
    expect(readFileSync(job.execution.paths.spool, 'utf8')).toMatch(
      /got TERM[\s\S]*status=cancelled exit_code=null signal=SIGKILL/,
    );
    expect(isRunning(grandchild)).toBe(false);
    expect(livingGroupMembers(pgid)).toEqual([]);
    expect(job.execution.cancel()).toBe(false);
  });

  it('stops at SIGTERM when the step leaves on it, without waiting out the grace period', async () => {
    const job = started({
      cancelGraceSeconds: 30,
      steps: [{ name: 'polite', run: 'echo up; sleep 60' }],
    });
    await waitUntil(() => readFileSync(job.execution.paths.spool, 'utf8').includes('up'), {
      message: 'the step to start',
    });
    const cancelledAt = performance.now();
    job.execution.cancel();
    const result = await job.done;
    expect(performance.now() - cancelledAt).toBeLessThan(5_000);
    expect(result.steps[0]).toMatchObject({ status: 'cancelled' });
  });
});

describe('timeouts on the monotonic clock', () => {
  it('a step timeout ends that step, its grandchildren too, and the job as timed_out', async () => {
    const job = started({
      cancelGraceSeconds: 0.5,
      steps: [
        { name: 'slow', run: STUBBORN_GRANDCHILD, timeoutSeconds: 1 },
        { name: 'after', run: 'echo never' },
      ],
    });
    const { pgid, grandchild } = await job.grandchildReady();
    const result = await job.done;
    expect(job.elapsed()).toBeGreaterThanOrEqual(1_000);
    expect(job.elapsed()).toBeLessThan(8_000);
    expect(result).toMatchObject({
      status: 'timed_out',
      steps: [
        { name: 'slow', status: 'timed_out' },
        { name: 'after', status: 'skipped' },
      ],
    });
    expect(isRunning(grandchild)).toBe(false);
    expect(livingGroupMembers(pgid)).toEqual([]);
  });

  it('a job timeout ends the step running when it strikes, after earlier steps succeeded', async () => {
    const job = started({
      timeoutSeconds: 1.5,
      cancelGraceSeconds: 0.5,
      steps: [
        { name: 'quick', run: 'sleep 0.2; echo quick' },
        { name: 'endless', run: 'echo endless; sleep 60' },
      ],
    });
    const result = await job.done;
    expect(job.elapsed()).toBeGreaterThanOrEqual(1_500);
    expect(job.elapsed()).toBeLessThan(8_000);
    expect(result).toMatchObject({
      status: 'timed_out',
      steps: [
        { name: 'quick', status: 'succeeded', exitCode: 0 },
        { name: 'endless', status: 'timed_out' },
      ],
    });
  });
});

describe('no process outlives its job', () => {
  it('ends what a successful step left running in the background', async () => {
    const job = started({
      cancelGraceSeconds: 0.5,
      steps: [{ name: 'leaves a daemon', run: `${START_STUBBORN_GRANDCHILD}; echo bye` }],
    });
    const { pgid, grandchild } = await job.grandchildReady();
    const result = await job.done;
    expect(result.status).toBe('succeeded');
    expect(isRunning(grandchild)).toBe(false);
    expect(livingGroupMembers(pgid)).toEqual([]);
  });
});
