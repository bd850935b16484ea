import { z } from 'zod';

/** A check the worker runs before it spends an enrollment token; the enroll view lists them. */
export const PreflightCheck = z.looseObject({
  name: z.enum(['dns', 'tls', 'clock', 'proxy', 'reachability']),
  status: z.enum(['pending', 'running', 'passed', 'failed', 'skipped']),
  detail: z.string().nullable(),
});
export type PreflightCheck = z.infer<typeof PreflightCheck>;
