import { describe, expect, it } from 'vitest';
import { parseJobSpec } from './job-spec.js';

const valid = { jobId: 'job_01jz0000000000000000000000', attempt: 1, steps: [{ name: 'a', run: 'true' }] };

describe('parseJobSpec', () => {
  it('fills the default grace period', () => {
    expect(parseJobSpec(valid).cancelGraceSeconds).toBe(10);
  });

  it.each([
    [{ ...valid, jobId: '../x' }, /jobId: must be a job id/],
    [{ ...valid, steps: [] }, /steps: /],
    [
      { ...valid, steps: [{ name: 'a', run: 'x', env: { PLANASONIX_JOB_ID: 'y' } }] },
      /steps\.0\.env\.PLANASONIX_JOB_ID: .*reserved/,
    ],
    [{ ...valid, steps: [{ name: 'a', run: 'x', env: { 'A=B': 'y' } }] }, /environment variable name/],
    [{ ...valid, timeoutSeconds: -1 }, /timeoutSeconds/],
    [
      { ...valid, steps: [{ name: 'a', run: 'x', env: { A: 'b\0c' } }] },
      /steps\.0\.env\.A: must not contain a NUL/,
    ],
    [{ ...valid, steps: [{ name: 'a', run: 'echo \0' }] }, /steps\.0\.run: must not contain a NUL/],
  ])('refuses a bad job naming the field (%#)', (input, message) => {
    expect(() => parseJobSpec(input)).toThrow(message);
  });
});
