import { z } from 'zod';
import { JobId } from '../../src-shared/ids.js';

/**
 * A job as the agent runs it, in the agent's own (camelCase) shape. The session maps the wire's
 * assign message onto it; validating here as well means a bad assignment is refused with a message
 * naming the field before anything touches the disk.
 */

/** Names the agent sets itself; a step may not override them (nor smuggle in look-alikes). */
export const RESERVED_ENV_PREFIX = 'PLANASONIX_';

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name (letters, digits, _)')
  .refine((name) => !name.toUpperCase().startsWith(RESERVED_ENV_PREFIX), {
    message: `must not start with ${RESERVED_ENV_PREFIX} (reserved for the agent)`,
  });

const Seconds = z
  .number()
  .positive()
  .max(7 * 24 * 3600);

/** A NUL cannot cross into a process's argv or environment: refused here with a name, not at spawn. */
const noNul = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !text.includes('\0'), { message: 'must not contain a NUL character' });

export const StepSpec = z.object({
  name: z.string().min(1).max(200),
  run: noNul(1_000_000).refine((text) => text.length > 0, { message: 'must not be empty' }),
  env: z.record(EnvName, noNul(100_000)).optional(),
  timeoutSeconds: Seconds.optional(),
});
export type StepSpec = z.infer<typeof StepSpec>;

export const DEFAULT_CANCEL_GRACE_SECONDS = 10;

export const JobSpec = z.object({
  jobId: JobId,
  attempt: z.number().int().positive().max(1000),
  /** The lease this assignment came under; every event about the job carries it (fencing). */
  leaseEpoch: z.number().int().positive().default(1),
  steps: z.array(StepSpec).min(1).max(100),
  timeoutSeconds: Seconds.optional(),
  cancelGraceSeconds: z.number().nonnegative().max(3600).default(DEFAULT_CANCEL_GRACE_SECONDS),
});
export type JobSpec = z.infer<typeof JobSpec>;
export type JobSpecInput = z.input<typeof JobSpec>;

/** The parsed spec, or an error whose message names the first field that was wrong. */
export function parseJobSpec(input: unknown): JobSpec {
  const parsed = JobSpec.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'job';
  // A bad record key is reported as "Invalid key in record"; the reason sits one level down.
  const inner = issue?.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
  throw new Error(`invalid job: ${where}: ${inner ?? issue?.message ?? 'invalid'}`);
}
