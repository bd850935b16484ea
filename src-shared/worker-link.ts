import { z } from 'zod';
import { HealthSample } from './host-api/health.js';
import { LogLevel } from './host-api/logs.js';
import { PreflightCheck } from './host-api/preflight.js';

// The host API owns what the UI shows; the link carries the same shapes.
export { HealthSample, LogLevel, PreflightCheck };

/**
 * The link between the host (src-main) and the agent worker (src-agent) it supervises: typed messages
 * over the worker's IPC channel (Electron `utilityProcess` parentPort, or a Node child's IPC). The
 * same worker also runs standalone, where nobody is on the other end of this link.
 *
 * Both sides validate every message they receive with these schemas; unknown fields are tolerated so
 * that a newer worker and an older host (or the reverse) still understand each other.
 */
export const WORKER_LINK_VERSION = 1;

/** How the worker's process exit is read by its supervisor. */
export const WORKER_EXIT = {
  /** Asked to stop, and stopped. Stay down. */
  stopped: 0,
  /** Not enrolled, revoked or deregistered: stay down until the user enrolls again. */
  needsEnrollment: 10,
} as const;

export const WorkerPhase = z.enum([
  'not_enrolled',
  'enrolling',
  'connecting',
  'connected',
  'reconnecting',
  'paused',
  'revoked',
  'error',
]);
export type WorkerPhase = z.infer<typeof WorkerPhase>;

export const WorkerState = z.looseObject({
  phase: WorkerPhase,
  agentId: z.string().nullable(),
  apiHost: z.string().nullable(),
  /** Why the worker is in this phase, in plain words (for example the last connect failure). */
  reason: z.string().nullable(),
  /** Epoch ms of the next reconnect attempt, while reconnecting. */
  nextRetryAt: z.number().nullable(),
  lastHeartbeatAt: z.number().nullable(),
  activeJobs: z.number().int().nonnegative(),
  slots: z.number().int().positive(),
  lastError: z.object({ message: z.string(), at: z.number() }).nullable(),
});
export type WorkerState = z.infer<typeof WorkerState>;

/** A job as the worker reports it to the host: the running ones and the last few that ended. */
export const WorkerJob = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'lost']),
  exitCode: z.number().int().nullable(),
  /** Epoch ms. */
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type WorkerJob = z.infer<typeof WorkerJob>;

const LinkError = z.object({ code: z.string(), message: z.string() });

export const WorkerToHost = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('ready'),
    linkVersion: z.number().int(),
    pid: z.number().int(),
    version: z.string(),
  }),
  z.looseObject({ type: z.literal('state'), state: WorkerState }),
  z.looseObject({
    type: z.literal('log'),
    level: LogLevel,
    msg: z.string(),
    time: z.number(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
  z.looseObject({ type: z.literal('health'), sample: HealthSample }),
  /**
   * The worker's jobs, newest first, whole each time they change. Added after link version 1: a
   * host that does not know it drops it as an unknown message (and a worker without jobs never sends it).
   */
  z.looseObject({ type: z.literal('jobs'), jobs: z.array(WorkerJob).max(100) }),
  /**
   * A running job's new output, for the live job log (the spool, not this, is what the control plane
   * gets). `skippedBytes` counts output left out because the job printed faster than the view follows.
   * Added after link version 1, like `jobs`.
   */
  z.looseObject({
    type: z.literal('job_output'),
    jobId: z.string(),
    text: z.string().max(256 * 1024),
    skippedBytes: z.number().int().nonnegative(),
  }),
  z.looseObject({ type: z.literal('pong'), nonce: z.string() }),
  z.looseObject({
    type: z.literal('enroll_progress'),
    requestId: z.string(),
    checks: z.array(PreflightCheck),
  }),
  z.looseObject({
    type: z.literal('reply'),
    requestId: z.string(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: LinkError.optional(),
  }),
]);
export type WorkerToHost = z.infer<typeof WorkerToHost>;

export const HostToWorker = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('ping'), nonce: z.string() }),
  /** The token travels only over this in-memory channel: never argv, never a file. */
  z.looseObject({
    type: z.literal('enroll'),
    requestId: z.string(),
    apiHost: z.string(),
    token: z.string(),
    label: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
  z.looseObject({ type: z.literal('unenroll'), requestId: z.string() }),
  z.looseObject({ type: z.literal('pause') }),
  z.looseObject({ type: z.literal('resume') }),
  /** The machine woke up or its network came back: connect now rather than after the backoff. */
  z.looseObject({ type: z.literal('reconnect_now') }),
  z.looseObject({ type: z.literal('cancel_job'), requestId: z.string(), jobId: z.string() }),
  /** Stop taking work, let running jobs finish for up to graceMs, then exit 0. */
  z.looseObject({ type: z.literal('shutdown'), graceMs: z.number().int().nonnegative() }),
]);
export type HostToWorker = z.infer<typeof HostToWorker>;
