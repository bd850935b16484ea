import { describe, expect, it } from 'vitest';
import { jobStatus, stepStatus } from './job-run.js';

const outcome = {
  exitCode: 0,
  signal: null,
  stoppedFor: null,
  error: null,
  outputBytes: 0,
  cleanup: 'gone' as const,
};

describe('stepStatus', () => {
  it('tells a stop from an exit, and an error from success', () => {
    expect(stepStatus(outcome)).toBe('succeeded');
    expect(stepStatus({ ...outcome, exitCode: 2 })).toBe('failed');
    expect(stepStatus({ ...outcome, error: 'could not start' })).toBe('failed');
    expect(stepStatus({ ...outcome, exitCode: null, stoppedFor: 'timed_out' })).toBe('timed_out');
    expect(stepStatus({ ...outcome, exitCode: null, stoppedFor: 'cancelled' })).toBe('cancelled');
    expect(stepStatus({ ...outcome, exitCode: null, stoppedFor: 'spool_failed' })).toBe('failed');
  });
});

describe('jobStatus', () => {
  const step = (status: 'succeeded' | 'failed' | 'timed_out' | 'skipped') => ({
    name: 's',
    status,
    exitCode: null,
  });
  it('is the first step that did not succeed, or the stop reason, or succeeded', () => {
    expect(jobStatus([step('succeeded'), step('timed_out'), step('skipped')], 'timed_out')).toBe('timed_out');
    expect(jobStatus([step('succeeded'), step('failed'), step('skipped')], null)).toBe('failed');
    expect(jobStatus([step('succeeded'), step('skipped')], 'cancelled')).toBe('cancelled');
    expect(jobStatus([step('succeeded')], null)).toBe('succeeded');
  });
});
