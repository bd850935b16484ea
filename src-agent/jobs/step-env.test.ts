import { describe, expect, it } from 'vitest';
import { stepEnv } from './step-env.js';

describe('stepEnv', () => {
  it('inherits the agent env minus PLANASONIX_*, adds the step env and the job variables last', () => {
    const env = stepEnv(
      { PATH: '/bin', PLANASONIX_ENROLLMENT_TOKEN: 'secret', planasonix_agent_id: 'x', GONE: undefined },
      { FOO: 'bar', PATH: '/opt/bin' },
      { jobId: 'job_1', stepName: 'build', stepNumber: 2, workspace: '/w/job_1', attempt: 3 },
    );
    expect(env).toEqual({
      PATH: '/opt/bin',
      FOO: 'bar',
      PLANASONIX_JOB_ID: 'job_1',
      PLANASONIX_STEP_NAME: 'build',
      PLANASONIX_STEP_INDEX: '2',
      PLANASONIX_WORKSPACE: '/w/job_1',
      PLANASONIX_ATTEMPT: '3',
    });
  });
});
