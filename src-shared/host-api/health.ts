import { z } from 'zod';

/** One health sample of the agent: the tray, the metric history and the worker's heartbeat use it. */
export const HealthSample = z.looseObject({
  at: z.number(),
  cpu_percent: z.number().nullable(),
  memory_percent: z.number().nullable(),
  disk_free_gb: z.number().nullable(),
  active_jobs: z.number().int().nonnegative(),
  queue_depth: z.number().int().nonnegative(),
});
export type HealthSample = z.infer<typeof HealthSample>;
