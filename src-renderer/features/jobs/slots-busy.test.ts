import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/host-api/snapshot.js';
import { snapshotOf } from '../../test-support/fake-host.js';
import { slotsBusy } from './slots-busy.js';

const job = (id: string, state: JobSummary['state']): JobSummary => ({
  id,
  state,
  name: id,
  exitCode: null,
  startedAt: 1,
  finishedAt: state === 'running' ? null : 2,
});

describe('slotsBusy', () => {
  it('counts the running jobs listed when the worker has not counted them yet', () => {
    const snapshot = snapshotOf({
      jobs: [job('a', 'running'), job('b', 'cancelled'), job('c', 'succeeded')],
    });
    expect(slotsBusy(snapshot)).toBe('1 of 2 slots busy');
  });

  it("keeps the worker's count when it knows of more than the list shows", () => {
    const base = snapshotOf();
    const snapshot = { ...base, worker: { ...base.worker!, activeJobs: 2 }, jobs: [job('a', 'running')] };
    expect(slotsBusy(snapshot)).toBe('2 of 2 slots busy');
  });

  it('says nothing before the worker has reported', () => {
    expect(slotsBusy(snapshotOf({ worker: null }))).toBeNull();
  });
});
