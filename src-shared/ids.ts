import { z } from 'zod';

/** Crockford base32 as ULID uses it, lower-cased: no i, l, o, u. */
const ULID_BODY = '[0-9a-hjkmnp-tv-z]{26}';

export const ID_PREFIX = { agent: 'agt_', job: 'job_', apiKey: 'key_', audit: 'aud_' } as const;

export const AGENT_ID_PATTERN = new RegExp(`^${ID_PREFIX.agent}${ULID_BODY}$`);
export const JOB_ID_PATTERN = new RegExp(`^${ID_PREFIX.job}${ULID_BODY}$`);
export const API_KEY_ID_PATTERN = new RegExp(`^${ID_PREFIX.apiKey}${ULID_BODY}$`);
export const AUDIT_ID_PATTERN = new RegExp(`^${ID_PREFIX.audit}${ULID_BODY}$`);

export const AgentId = z
  .string()
  .regex(AGENT_ID_PATTERN, 'must be an agent id: "agt_" followed by 26 lowercase ULID characters');
export type AgentId = z.infer<typeof AgentId>;

export const JobId = z
  .string()
  .regex(JOB_ID_PATTERN, 'must be a job id: "job_" followed by 26 lowercase ULID characters');
export type JobId = z.infer<typeof JobId>;
