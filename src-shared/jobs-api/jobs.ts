import { z } from 'zod';
import { AgentId, JobId } from '../ids.js';
import { API_TIMESTAMP_PATTERN } from '../time.js';

/** Limits of the jobs API. A job's spec travels to the agent in one frame, hence `specMaxBytes`. */
export const JOB_LIMITS = {
  nameMax: 200,
  stepsMax: 50,
  stepNameMax: 200,
  runMax: 16 * 1024,
  envKeysMax: 100,
  envValueMax: 8 * 1024,
  tagsMax: 50,
  capabilitiesMax: 50,
  /** Steps, env and target as JSON: the assign frame must stay well under the session's frame limit. */
  specMaxBytes: 48 * 1024,
  timeoutMaxSeconds: 7 * 24 * 3600,
  cancelGraceMaxSeconds: 3600,
  listDefault: 50,
  listMax: 200,
  cursorMax: 200,
} as const;

export const JobStatus = z.enum([
  'queued',
  'assigned',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'lost',
]);
export type JobStatus = z.infer<typeof JobStatus>;

/** The statuses a job never leaves. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'lost',
];

/** `pending` until the job's result arrives; then what the agent reported for the step. */
export const StepStatus = z.enum([
  'pending',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'skipped',
  'lost',
]);
export type StepStatus = z.infer<typeof StepStatus>;

const Timestamp = z.string().regex(API_TIMESTAMP_PATTERN, 'must be an ISO-8601 UTC timestamp ending in Z');

const Seconds = z
  .number('must be a number of seconds')
  .positive('must be more than 0')
  .max(JOB_LIMITS.timeoutMaxSeconds, `must be at most ${JOB_LIMITS.timeoutMaxSeconds}`);

/** The agent sets PLANASONIX_* itself; a step may not override them. */
const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name (letters, digits, _)')
  .refine((name) => !name.toUpperCase().startsWith('PLANASONIX_'), {
    message: 'must not start with PLANASONIX_ (reserved for the agent)',
  });

const Label = (max: number) =>
  z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(max, `must be at most ${max} characters`);

export const JobStepInput = z.strictObject({
  name: Label(JOB_LIMITS.stepNameMax),
  /** A shell command: `sh -c` on Linux and macOS, PowerShell on Windows. */
  run: Label(JOB_LIMITS.runMax),
  env: z
    .record(
      EnvName,
      z.string().max(JOB_LIMITS.envValueMax, `must be at most ${JOB_LIMITS.envValueMax} characters`),
    )
    .refine((env) => Object.keys(env).length <= JOB_LIMITS.envKeysMax, {
      message: `must hold at most ${JOB_LIMITS.envKeysMax} variables`,
    })
    .optional(),
  timeout_seconds: Seconds.optional(),
});
export type JobStepInput = z.infer<typeof JobStepInput>;

const TagList = (max: number) => z.array(Label(100)).max(max, `must hold at most ${max} items`);

/**
 * Where a job may run: one named agent, or any agent that has every listed tag and every listed
 * capability. The two forms do not mix.
 */
export const JobTarget = z.union(
  [
    z.strictObject({ agent_id: AgentId }),
    z
      .strictObject({
        tags: TagList(JOB_LIMITS.tagsMax).optional(),
        capabilities: TagList(JOB_LIMITS.capabilitiesMax).optional(),
      })
      .refine((t) => (t.tags?.length ?? 0) + (t.capabilities?.length ?? 0) > 0, {
        message: 'must name agent_id, or at least one tag or capability',
      }),
  ],
  { error: 'must be { "agent_id" } or { "tags", "capabilities" }' },
);
export type JobTarget = z.infer<typeof JobTarget>;

export const CreateJobBody = z.strictObject({
  name: Label(JOB_LIMITS.nameMax),
  steps: z
    .array(JobStepInput)
    .min(1, 'must hold at least one step')
    .max(JOB_LIMITS.stepsMax, `must hold at most ${JOB_LIMITS.stepsMax} steps`),
  target: JobTarget,
  timeout_seconds: Seconds.optional(),
  cancel_grace_seconds: z
    .number('must be a number of seconds')
    .min(0, 'must be at least 0')
    .max(JOB_LIMITS.cancelGraceMaxSeconds, `must be at most ${JOB_LIMITS.cancelGraceMaxSeconds}`)
    .optional(),
});
export type CreateJobBody = z.infer<typeof CreateJobBody>;

export const JobIdParams = z.object({ id: JobId });

export const ListJobsQuery = z.object({
  agent_id: AgentId.optional(),
  status: JobStatus.optional(),
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(JOB_LIMITS.listMax, `must be at most ${JOB_LIMITS.listMax}`)
    .optional(),
  cursor: z.string().max(JOB_LIMITS.cursorMax).optional().describe('meta.page.cursor of the previous page.'),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuery>;

export const JobLogsQuery = z.object({
  follow: z
    .enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' })
    .optional()
    .describe('1 keeps the answer open, streaming output as it arrives, until the job ends.'),
});
export type JobLogsQuery = z.infer<typeof JobLogsQuery>;

export const JobStep = z.object({
  name: z.string(),
  run: z.string(),
  env: z.record(z.string(), z.string()),
  timeout_seconds: z.number().nullable(),
  status: StepStatus,
  exit_code: z.number().int().nullable(),
});
export type JobStep = z.infer<typeof JobStep>;

export const Job = z.object({
  id: JobId,
  name: z.string(),
  status: JobStatus,
  /** Exit code of the last step that ran; null until the job ends or when it was killed. */
  exit_code: z.number().int().nullable(),
  steps: z.array(JobStep),
  target: z.object({
    agent_id: AgentId.nullable(),
    tags: z.array(z.string()),
    capabilities: z.array(z.string()),
  }),
  /** The agent holding (or that last held) the job. */
  agent_id: AgentId.nullable(),
  /** 1 at creation; one more each time the job goes back to the queue. */
  attempt: z.number().int().positive(),
  timeout_seconds: z.number().nullable(),
  cancel_grace_seconds: z.number().nullable(),
  cancel_requested: z.boolean(),
  /** Bytes of output stored so far (and their SHA-256 once the job ended with a verified log). */
  log_bytes: z.number().int().nonnegative(),
  log_sha256: z.string().nullable(),
  /** Why the job is lost, or what went wrong with its result; null otherwise. */
  error: z.string().nullable(),
  created_at: Timestamp,
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
});
export type Job = z.infer<typeof Job>;

/** The answer to a cancel: 202, the job as it stands (the agent stops it asynchronously). */
export const CancelledJob = Job;

/** `Range: bytes=N-` (an open-ended range from byte N), the only form the logs route serves. */
export function parseLogRange(header: string | undefined): { start: number } | null | 'invalid' {
  if (header === undefined) return null;
  const match = /^\s*bytes\s*=\s*(\d{1,15})\s*-\s*$/.exec(header);
  if (!match?.[1]) return 'invalid';
  return { start: Number(match[1]) };
}
