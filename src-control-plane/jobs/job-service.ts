import {
  FINISHED_JOB_STATUSES,
  JOB_LIMITS,
  type CreateJobBody,
  type Job,
  type JobStatus,
  type ListJobsQuery,
} from '../../src-shared/jobs-api/jobs.js';
import { JOB_ID_PATTERN } from '../../src-shared/ids.js';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { ApiError } from '../http/api-error.js';
import type { IdFactory } from '../common/id-factory.js';
import { decodeCursor, pageOf } from '../common/page-cursor.js';
import type { JobChangeBus } from './job-changes.js';
import type { JobLogStore } from './job-log-store.js';
import { toJob } from './job-views.js';
import type { JobsRepository } from './jobs-repository.js';
import { HELD_STATUSES, type JobRow, type StoredStep } from './jobs-tables.js';

export interface JobServiceDeps {
  jobs: JobsRepository;
  audit: AuditTrail;
  logs: JobLogStore;
  events: JobChangeBus;
  ids: Pick<IdFactory, 'jobId'>;
  now: () => number;
}

export interface JobPage {
  jobs: Job[];
  limit: number;
  nextCursor: string | null;
}

/** The jobs REST operations. Dispatch (who runs what) is the scheduler's; this only records intent. */
export class JobService {
  constructor(private readonly deps: JobServiceDeps) {}

  async create(body: CreateJobBody, actor: AuditActor): Promise<Job> {
    const now = this.deps.now();
    const steps: StoredStep[] = body.steps.map((step) => ({
      name: step.name,
      run: step.run,
      env: step.env ?? {},
      timeout_seconds: step.timeout_seconds ?? null,
    }));
    const target = 'agent_id' in body.target ? body.target : null;
    const tags = target === null && 'tags' in body.target ? (body.target.tags ?? []) : [];
    const capabilities =
      target === null && 'capabilities' in body.target ? (body.target.capabilities ?? []) : [];
    const specBytes = Buffer.byteLength(JSON.stringify({ steps, tags, capabilities }));
    if (specBytes > JOB_LIMITS.specMaxBytes) {
      throw new ApiError(
        'invalid_request',
        `steps: the job's steps, env and target take ${specBytes} bytes; at most ${JOB_LIMITS.specMaxBytes}`,
      );
    }
    const id = this.deps.ids.jobId();
    const row = {
      id,
      name: body.name,
      status: 'queued',
      steps_json: JSON.stringify(steps),
      target_agent_id: target?.agent_id ?? null,
      target_tags_json: JSON.stringify(tags),
      target_capabilities_json: JSON.stringify(capabilities),
      timeout_seconds: body.timeout_seconds ?? null,
      cancel_grace_seconds: body.cancel_grace_seconds ?? null,
      attempt: 1,
      epoch: 0,
      created_at: now,
      updated_at: now,
    };
    await this.deps.audit.change(actor, async (tx) => {
      await this.deps.jobs.in(tx).insert(row);
      return {
        result: undefined,
        audit: { action: 'job.submitted', target: id, detail: { name: body.name } },
      };
    });
    this.deps.events.emit({ type: 'job.queued', jobId: id });
    return this.get(id);
  }

  async list(query: ListJobsQuery): Promise<JobPage> {
    const limit = query.limit ?? JOB_LIMITS.listDefault;
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, JOB_ID_PATTERN);
    const rows = await this.deps.jobs.list({
      agentId: query.agent_id,
      status: query.status,
      afterId,
      limit: limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, limit);
    return { jobs: await this.views(page), limit, nextCursor };
  }

  async get(id: string): Promise<Job> {
    return this.view(await this.require(id));
  }

  /**
   * A queued job is cancelled at once; a held one is marked, and its agent told (it stops the steps
   * and reports `cancelled`). Asking again changes nothing; a finished job is a 409.
   */
  async cancel(id: string, actor: AuditActor): Promise<Job> {
    // Bounded: each pass either succeeds or sees a status the previous pass did not.
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.require(id);
      const status = row.status as JobStatus;
      if (FINISHED_JOB_STATUSES.includes(status)) {
        throw new ApiError('job_finished', `job ${id} has already ended (${status})`);
      }
      if (row.cancel_requested_at !== null) return this.view(row);
      const now = this.deps.now();
      const audit = { action: 'job.cancelled', target: id, detail: { status } } as const;
      if (status === 'queued') {
        const done = await this.deps.audit.change(actor, async (tx) => {
          const cancelled = await this.deps.jobs
            .in(tx)
            .transition(
              id,
              { statuses: ['queued'], epoch: row.epoch },
              { status: 'cancelled', cancel_requested_at: now, finished_at: now, updated_at: now },
            );
          return { result: cancelled, audit: cancelled ? audit : null };
        });
        if (!done) continue;
        this.deps.events.emit({ type: 'job.finished', jobId: id, agentId: null });
        return this.get(id);
      }
      const marked = await this.deps.audit.change(actor, async (tx) => {
        const requested = await this.deps.jobs
          .in(tx)
          .transition(
            id,
            { statuses: HELD_STATUSES, epoch: row.epoch },
            { cancel_requested_at: now, updated_at: now },
          );
        return { result: requested, audit: requested ? audit : null };
      });
      if (!marked) continue;
      if (row.agent_id !== null) {
        this.deps.events.emit({
          type: 'job.cancel_requested',
          jobId: id,
          agentId: row.agent_id,
          epoch: row.epoch,
        });
      }
      return this.get(id);
    }
    throw new ApiError('internal_error', `job ${id} kept changing while it was being cancelled`);
  }

  /** How many jobs have each status (for the metrics). */
  statusCounts(): Promise<Map<string, number>> {
    return this.deps.jobs.statusCounts();
  }

  /** True once the job has a final status (or does not exist). */
  async isFinished(id: string): Promise<boolean> {
    const row = await this.deps.jobs.findById(id);
    return row === undefined || FINISHED_JOB_STATUSES.includes(row.status as JobStatus);
  }

  async require(id: string): Promise<JobRow> {
    const row = await this.deps.jobs.findById(id);
    if (row === undefined) throw new ApiError('job_not_found', `no job with id ${id}`);
    return row;
  }

  private async view(row: JobRow): Promise<Job> {
    return toJob(row, await this.deps.logs.length(row.id));
  }

  /** A page's log lengths in one lookup. */
  private async views(rows: JobRow[]): Promise<Job[]> {
    const lengths = await this.deps.logs.lengths(rows.map((row) => row.id));
    return rows.map((row) => toJob(row, lengths.get(row.id) ?? 0));
  }
}
