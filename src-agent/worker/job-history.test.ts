import { describe, expect, it } from 'vitest';
import type { JobResult } from '../jobs/job-result.js';
import { JobHistory, RECENT_ENDED_JOBS } from './job-history.js';

const result = (status: JobResult['status'], finishedAt: number): JobResult => ({
  status,
  exitCode: status === 'failed' ? 3 : 0,
  steps: [],
  logLength: 0,
  logSha256: '0'.repeat(64),
  logTruncated: false,
  startedAt: null,
  finishedAt,
});

describe('job history for the host', () => {
  it('lists running jobs and ended ones newest first, with their outcome', () => {
    const history = new JobHistory();
    history.started('job_a', 'first', 1);
    history.started('job_b', 'second', 2);
    history.ended('job_a', result('failed', 5));
    expect(history.list()).toEqual([
      { id: 'job_a', name: 'first', state: 'failed', exitCode: 3, startedAt: 1, finishedAt: 5 },
      { id: 'job_b', name: 'second', state: 'running', exitCode: null, startedAt: 2, finishedAt: null },
    ]);
  });

  it('keeps only the last ended jobs, never dropping a running one', () => {
    const history = new JobHistory();
    history.started('job_run', null, 0);
    for (let i = 0; i < RECENT_ENDED_JOBS + 5; i += 1)
      history.ended(`job_${i}`, result('lost', i), 'recovered');
    const list = history.list();
    expect(list).toHaveLength(RECENT_ENDED_JOBS + 1);
    expect(list[0]?.id).toBe(`job_${RECENT_ENDED_JOBS + 4}`);
    expect(list.some((job) => job.id === 'job_run')).toBe(true);
    expect(list.some((job) => job.id === 'job_4')).toBe(false);
  });
});
