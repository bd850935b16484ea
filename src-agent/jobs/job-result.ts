import { z } from 'zod';

export const JobStatus = z.enum(['succeeded', 'failed', 'cancelled', 'timed_out', 'lost']);
export type JobStatus = z.infer<typeof JobStatus>;

export const StepStatus = z.enum(['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'lost']);
export type StepStatus = z.infer<typeof StepStatus>;

export const StepResult = z.object({
  name: z.string(),
  status: StepStatus,
  exitCode: z.number().int().nullable(),
});
export type StepResult = z.infer<typeof StepResult>;

/** What the agent reports when a job ends: the outcome plus the exact length and hash of its log. */
export const JobResult = z.object({
  status: JobStatus,
  /** The exit code of the last step that ran; null when it was killed or never started. */
  exitCode: z.number().int().nullable(),
  steps: z.array(StepResult),
  logLength: z.number().int().nonnegative(),
  logSha256: z.string().regex(/^[0-9a-f]{64}$/),
  logTruncated: z.boolean(),
  /** Epoch ms; null when no step started. */
  startedAt: z.number().nullable(),
  finishedAt: z.number(),
});
export type JobResult = z.infer<typeof JobResult>;
