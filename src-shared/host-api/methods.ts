import { z } from 'zod';
import { ApiHostUrl } from '../api-host.js';
import { JobId } from '../ids.js';
import { ENROLLMENT_TOKEN_PATTERN } from '../rest/tokens.js';
import { HealthSample } from './health.js';
import { DiagnosticsExport, DiagnosticsPreview } from './diagnostics.js';
import { LogsPage, LogsParams } from './logs.js';
import { PauseParams } from './pause.js';
import { HostSettings, HostSettingsPatch } from './settings.js';
import { HostSnapshot } from './snapshot.js';

const NoParams = z.object({}).strict();
const Done = z.object({});

export const EnrollParams = z
  .object({
    apiHost: ApiHostUrl,
    token: z.string().regex(ENROLLMENT_TOKEN_PATTERN, 'must be an enrollment token ("plnx_enroll_...")'),
    label: z.string().min(1).max(200).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();
export type EnrollParams = z.input<typeof EnrollParams>;

export const METRIC_HISTORY_MAX_MINUTES = 24 * 60;

/** Every call: its params schema (validated by the host) and its result schema (validated by the client). */
export const HOST_API_METHODS = {
  snapshot: { params: NoParams, result: HostSnapshot },
  /** Preflight progress arrives as `enrollProgress` events while this call runs. */
  enroll: { params: EnrollParams, result: z.object({ agentId: z.string() }) },
  unenroll: { params: NoParams, result: Done },
  pause: { params: PauseParams, result: Done },
  resume: { params: NoParams, result: Done },
  /** Starts the worker again after it halted or stopped (the user acting on the breaker). */
  restartWorker: { params: NoParams, result: Done },
  cancelJob: { params: z.object({ jobId: JobId }).strict(), result: Done },
  logs: { params: LogsParams, result: LogsPage },
  metricHistory: {
    params: z
      .object({ minutes: z.number().int().min(1).max(METRIC_HISTORY_MAX_MINUTES).default(15) })
      .strict(),
    result: z.object({ samples: z.array(HealthSample) }),
  },
  getSettings: { params: NoParams, result: HostSettings },
  updateSettings: { params: HostSettingsPatch, result: HostSettings },
  diagnosticsPreview: { params: NoParams, result: DiagnosticsPreview },
  diagnosticsExport: { params: NoParams, result: DiagnosticsExport },
} as const;

export type HostApiMethods = typeof HOST_API_METHODS;
export type HostApiMethod = keyof HostApiMethods;
/** What a caller passes (defaults not yet applied). */
export type HostApiParamsIn<M extends HostApiMethod> = z.input<HostApiMethods[M]['params']>;
/** What the host receives after validation (defaults applied). */
export type HostApiParams<M extends HostApiMethod> = z.output<HostApiMethods[M]['params']>;
export type HostApiResult<M extends HostApiMethod> = z.output<HostApiMethods[M]['result']>;

export function isHostApiMethod(name: string): name is HostApiMethod {
  return Object.hasOwn(HOST_API_METHODS, name);
}
