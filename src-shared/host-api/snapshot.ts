import { z } from 'zod';
import { WorkerState } from '../worker-link.js';
import { HealthSample } from './health.js';
import { PauseInfo } from './pause.js';
import { PolicyView } from './policy.js';

export const EnrollmentState = z.enum(['not_enrolled', 'enrolling', 'enrolled', 'revoked']);
export type EnrollmentState = z.infer<typeof EnrollmentState>;

export const EnrollmentInfo = z.object({
  state: EnrollmentState,
  agentId: z.string().nullable(),
  label: z.string().nullable(),
  /** The control plane it is enrolled with; before that, the one the host was started for, if any. */
  apiHost: z.string().nullable(),
});
export type EnrollmentInfo = z.infer<typeof EnrollmentInfo>;

export const SupervisorState = z.enum([
  'stopped',
  'starting',
  'running',
  'stopping',
  'backing_off',
  'halted',
]);
export type SupervisorState = z.infer<typeof SupervisorState>;

export const WorkerExit = z.object({
  /** Exit code, or null when a signal ended the process. */
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  at: z.number(),
  /** Plain words: "crashed", "needs enrollment", "no answer to liveness ping", "stopped"... */
  reason: z.string(),
});
export type WorkerExit = z.infer<typeof WorkerExit>;

export const SupervisorInfo = z.object({
  state: SupervisorState,
  /** Restarts since the host started. */
  restarts: z.number().int().nonnegative(),
  /** Epoch ms of the next restart, while backing off. */
  nextRestartAt: z.number().nullable(),
  lastExit: WorkerExit.nullable(),
  /** Why the supervisor halted or stays stopped, in plain words (null when running normally). */
  reason: z.string().nullable(),
  needsEnrollment: z.boolean(),
});
export type SupervisorInfo = z.infer<typeof SupervisorInfo>;

export const JobSummary = z.looseObject({
  id: z.string(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  name: z.string().nullable(),
  /** The job's exit code once it has ended with one (null while running, or cancelled before any). */
  exitCode: z.number().int().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const SecretsBackend = z.enum(['safe_storage', 'basic_text', 'file']);
export type SecretsBackend = z.infer<typeof SecretsBackend>;

export const SecretsInfo = z.object({
  backend: SecretsBackend,
  /** Plain-words warning to show as is (set for `basic_text`: secrets are only obfuscated). */
  warning: z.string().nullable(),
});
export type SecretsInfo = z.infer<typeof SecretsInfo>;

/** Everything the tray and the UI show; both are pure functions of it. */
export const HostSnapshot = z.object({
  appVersion: z.string(),
  /** True while `pause` is set: kept for readers that only ask whether jobs are taken. */
  paused: z.boolean(),
  /** Why and until when no new jobs are taken; null while taking jobs. */
  pause: PauseInfo.nullable(),
  enrollment: EnrollmentInfo,
  supervisor: SupervisorInfo,
  /**
   * The worker's own last report; null before its first `state` message and while the worker is not
   * running (a final `not_enrolled` or `revoked` report is kept, as it explains why it is down).
   */
  worker: WorkerState.nullable(),
  health: HealthSample.nullable(),
  /** Running and recent jobs, newest first (empty until the jobs feature fills it). */
  jobs: z.array(JobSummary),
  secrets: SecretsInfo,
  /** The IT policy in force: the UI shows its locks and "Managed by …", the tray hides what it hides. */
  policy: PolicyView,
});
export type HostSnapshot = z.infer<typeof HostSnapshot>;
