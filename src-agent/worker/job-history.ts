import type { WorkerJob } from '../../src-shared/worker-link.js';
import type { JobResult } from '../jobs/job-result.js';

/** How many ended jobs the host is shown beside the running ones. */
export const RECENT_ENDED_JOBS = 20;

/**
 * The jobs the host shows: every running one, and the last few that ended. In memory only (the
 * server holds the history); a crash-recovered job enters as it ended.
 */
export class JobHistory {
  private readonly jobs = new Map<string, WorkerJob>();

  started(id: string, name: string | null, at: number): void {
    this.jobs.set(id, { id, name, state: 'running', exitCode: null, startedAt: at, finishedAt: null });
  }

  ended(id: string, result: JobResult, name: string | null = null): void {
    const known = this.jobs.get(id);
    this.jobs.delete(id);
    this.jobs.set(id, {
      id,
      name: known?.name ?? name,
      state: result.status,
      exitCode: result.exitCode,
      startedAt: result.startedAt ?? known?.startedAt ?? null,
      finishedAt: result.finishedAt,
    });
    const ended = [...this.jobs.values()].filter((job) => job.state !== 'running');
    for (const old of ended.slice(0, Math.max(0, ended.length - RECENT_ENDED_JOBS))) this.jobs.delete(old.id);
  }

  /** Newest first: by insertion, which is start order for running jobs and end order for the rest. */
  list(): WorkerJob[] {
    return [...this.jobs.values()].reverse();
  }
}
