import type { JobSummary } from '../../../src-shared/host-api/snapshot.js';
import type { WorkerJob } from '../../../src-shared/worker-link.js';

/**
 * The worker's jobs as the host snapshot shows them. The snapshot has fewer outcomes than the
 * worker: a job that timed out or was lost failed, as far as the tray is concerned (the control
 * plane keeps the exact status).
 */
export function jobSummaries(jobs: readonly WorkerJob[]): JobSummary[] {
  return jobs.map((job) => ({
    id: job.id,
    name: job.name,
    state: job.state === 'timed_out' || job.state === 'lost' ? 'failed' : job.state,
    exitCode: job.exitCode,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  }));
}
