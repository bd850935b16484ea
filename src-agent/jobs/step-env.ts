import { RESERVED_ENV_PREFIX } from './job-spec.js';

export interface StepIdentity {
  jobId: string;
  stepName: string;
  /** 1-based. */
  stepNumber: number;
  workspace: string;
  attempt: number;
}

/**
 * A step's environment: the agent's own, minus anything `PLANASONIX_*` (the enrollment token may sit
 * there when the agent was started with it), plus the step's env, plus the agent's job variables,
 * which nothing overrides.
 */
export function stepEnv(
  base: Readonly<Record<string, string | undefined>>,
  stepEnvVars: Readonly<Record<string, string>> | undefined,
  identity: StepIdentity,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base))
    if (value !== undefined && !name.toUpperCase().startsWith(RESERVED_ENV_PREFIX)) env[name] = value;
  Object.assign(env, stepEnvVars ?? {});
  env.PLANASONIX_JOB_ID = identity.jobId;
  env.PLANASONIX_STEP_NAME = identity.stepName;
  env.PLANASONIX_STEP_INDEX = String(identity.stepNumber);
  env.PLANASONIX_WORKSPACE = identity.workspace;
  env.PLANASONIX_ATTEMPT = String(identity.attempt);
  return env;
}
