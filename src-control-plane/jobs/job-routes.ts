import { dataEnvelope, pageEnvelope } from '../../src-shared/rest/envelopes.js';
import {
  CreateJobBody,
  Job,
  JobIdParams,
  JobLogsQuery,
  ListJobsQuery,
  parseLogRange,
} from '../../src-shared/jobs-api/jobs.js';
import { defineRoute, type Route } from '../http/route-table.js';
import { ApiError } from '../http/api-error.js';
import type { JobService } from './job-service.js';
import type { LogResponder } from './log-responder.js';

/** The jobs routes (`/v1/jobs`), with the agent routes' envelopes, cursors, errors and bearer auth. */
export function jobRoutes(jobs: JobService, logs: LogResponder): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/jobs',
      summary: 'Submit a job',
      description:
        'Queued until an eligible agent (target.agent_id, or every target tag and capability) has a free slot.',
      auth: { scope: 'jobs:write' },
      body: CreateJobBody,
      success: { status: 201, description: 'The queued job.', schema: dataEnvelope(Job) },
      errors: ['invalid_request'],
      handle: async ({ body, caller }) => ({ data: await jobs.create(body, caller) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/jobs',
      summary: 'List jobs',
      description: 'Ordered by creation. Follow meta.page.cursor until it is null.',
      auth: { scope: 'jobs:read' },
      query: ListJobsQuery,
      success: { status: 200, description: 'A page of jobs.', schema: pageEnvelope(Job) },
      errors: ['invalid_request', 'invalid_cursor'],
      handle: async ({ query }) => {
        const page = await jobs.list(query);
        return { data: page.jobs, meta: { page: { limit: page.limit, cursor: page.nextCursor } } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/jobs/:id',
      summary: 'Get a job',
      auth: { scope: 'jobs:read' },
      params: JobIdParams,
      success: { status: 200, description: 'The job.', schema: dataEnvelope(Job) },
      errors: ['invalid_request', 'job_not_found'],
      handle: async ({ params }) => ({ data: await jobs.get(params.id) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/jobs/:id/logs',
      summary: "A job's output",
      description:
        'text/plain, byte for byte what the steps wrote (stdout and stderr interleaved, step boundaries ' +
        'marked by "##[planasonix] " lines). `Range: bytes=N-` answers 206 from byte N (416 past the ' +
        'end); `follow=1` keeps the answer open until the job ends.',
      auth: { scope: 'jobs:read' },
      params: JobIdParams,
      query: JobLogsQuery,
      success: { status: 200, description: 'The log (206 with a Range).' },
      errors: ['invalid_request', 'job_not_found', 'range_not_satisfiable'],
      handle: async ({ params, query, request, reply }) => {
        await jobs.require(params.id);
        const header = request.headers.range;
        const range = parseLogRange(typeof header === 'string' ? header : undefined);
        if (range === 'invalid') {
          throw new ApiError('invalid_request', 'Range: only "bytes=N-" (from byte N to the end) is served');
        }
        const follow = query.follow === '1' || query.follow === 'true';
        const start = range?.start ?? null;
        await logs.check(params.id, start, follow);
        reply.hijack();
        await logs.send(reply.raw, params.id, start, follow);
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/jobs/:id/cancel',
      summary: 'Cancel a job',
      description:
        'A queued job ends cancelled at once; a running one is stopped by its agent (TERM, the grace ' +
        'period, then KILL) and reports cancelled. Idempotent; a job that already ended answers 409.',
      auth: { scope: 'jobs:write' },
      params: JobIdParams,
      success: { status: 202, description: 'Cancellation accepted.', schema: dataEnvelope(Job) },
      errors: ['invalid_request', 'job_not_found', 'job_finished'],
      handle: async ({ params, caller }) => ({ data: await jobs.cancel(params.id, caller) }),
    }),
  ];
}
