import { describe, expect, it } from 'vitest';
import type { JobEvent, JobState } from './job-state-machine.js';
import { initialJobState, transitionJob } from './job-state-machine.js';

function run(events: JobEvent[]): JobState | null {
  let state: JobState | null = initialJobState;
  for (const event of events) state = state && transitionJob(state, event);
  return state;
}

describe('job state machine', () => {
  it('goes accepted → running → finished → reported → cleaned', () => {
    expect(
      run([
        { type: 'start' },
        { type: 'finished', status: 'succeeded' },
        { type: 'result_acked' },
        { type: 'cleaned' },
      ]),
    ).toEqual({ phase: 'cleaned', stopReason: null, status: 'succeeded' });
  });

  it('records why a job is stopping', () => {
    expect(run([{ type: 'start' }, { type: 'stop_requested', reason: 'timed_out' }])).toEqual({
      phase: 'stopping',
      stopReason: 'timed_out',
      status: null,
    });
    expect(
      run([
        { type: 'stop_requested', reason: 'cancelled' },
        { type: 'finished', status: 'cancelled' },
      ])?.phase,
    ).toBe('finished');
  });

  it('refuses what makes no sense now: a cancel of a finished job, cleanup before the result ack', () => {
    const finished = run([{ type: 'start' }, { type: 'finished', status: 'failed' }]);
    expect(finished && transitionJob(finished, { type: 'stop_requested', reason: 'cancelled' })).toBeNull();
    expect(finished && transitionJob(finished, { type: 'cleaned' })).toBeNull();
    expect(run([{ type: 'start' }, { type: 'start' }])).toBeNull();
    expect(run([{ type: 'result_acked' }])).toBeNull();
  });
});
