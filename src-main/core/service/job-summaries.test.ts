import { describe, expect, it } from 'vitest';
import { JobSummary } from '../../../src-shared/host-api/snapshot.js';
import type { WorkerJob } from '../../../src-shared/worker-link.js';
import { jobSummaries } from './job-summaries.js';

const job = (id: string, state: WorkerJob['state']): WorkerJob => ({
  id,
  name: `n-${id}`,
  state,
  exitCode: null,
  startedAt: 1,
  finishedAt: state === 'running' ? null : 2,
});

describe('job summaries for the host snapshot', () => {
  it('keeps order and fields, and shows timed-out and lost jobs as failed', () => {
    const states: WorkerJob['state'][] = ['running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];
    const summaries = jobSummaries(states.map((state, i) => job(`job_${i}`, state)));
    expect(summaries.map((s) => s.state)).toEqual([
      'running',
      'succeeded',
      'failed',
      'cancelled',
      'failed',
      'failed',
    ]);
    expect(summaries[0]).toEqual({
      id: 'job_0',
      name: 'n-job_0',
      state: 'running',
      exitCode: null,
      startedAt: 1,
      finishedAt: null,
    });
    expect(jobSummaries([{ ...job('job_x', 'failed'), exitCode: 7 }])[0]?.exitCode).toBe(7);
    for (const summary of summaries) expect(JobSummary.safeParse(summary).success).toBe(true);
  });
});
