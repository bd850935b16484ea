import { describe, expect, it } from 'vitest';
import { Job } from '../../../src-shared/jobs-api/jobs.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';

const plane = controlPlanePerFile();
const api = plane.api;

const validJob = {
  name: 'nightly export',
  steps: [
    { name: 'extract', run: 'echo extract', env: { TARGET: 'warehouse' }, timeout_seconds: 600 },
    { name: 'load', run: 'echo load' },
  ],
  target: { tags: ['env:prod'], capabilities: ['python_3_11'] },
  timeout_seconds: 3600,
  cancel_grace_seconds: 5,
};

async function submit(body: object = validJob): Promise<Job> {
  const answer = await api('/v1/jobs', { method: 'POST', body });
  expect(answer.status).toBe(201);
  return Job.parse(dataOf(answer));
}

function errorOf(json: unknown): { code: string; message: string } {
  return (json as { error: { code: string; message: string } }).error;
}

describe('POST /v1/jobs', () => {
  it('queues the job and answers it with a job_ id, pending steps and attempt 1', async () => {
    const job = await submit();
    expect(job.id).toMatch(/^job_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(job).toMatchObject({
      name: 'nightly export',
      status: 'queued',
      exit_code: null,
      agent_id: null,
      attempt: 1,
      target: { agent_id: null, tags: ['env:prod'], capabilities: ['python_3_11'] },
      timeout_seconds: 3600,
      cancel_grace_seconds: 5,
      log_bytes: 0,
      started_at: null,
      finished_at: null,
    });
    expect(job.steps).toEqual([
      {
        name: 'extract',
        run: 'echo extract',
        env: { TARGET: 'warehouse' },
        timeout_seconds: 600,
        status: 'pending',
        exit_code: null,
      },
      { name: 'load', run: 'echo load', env: {}, timeout_seconds: null, status: 'pending', exit_code: null },
    ]);
    const read = await api(`/v1/jobs/${job.id}`);
    expect(read.status).toBe(200);
    expect(dataOf(read)).toEqual(job);
  });

  it.each([
    ['no steps', { ...validJob, steps: [] }, 'steps: must hold at least one step'],
    ['no target', { name: 'x', steps: validJob.steps }, 'target: must be'],
    ['an empty target', { ...validJob, target: {} }, 'target'],
    [
      'agent_id mixed with tags',
      { ...validJob, target: { agent_id: 'agt_01jq8pr0d01abcdefghjkmnpqr', tags: ['a'] } },
      'target',
    ],
    [
      'a reserved env name',
      { ...validJob, steps: [{ name: 's', run: 'x', env: { PLANASONIX_JOB_ID: 'x' } }] },
      'PLANASONIX_',
    ],
    ['an unknown field', { ...validJob, priority: 1 }, 'priority: is not a known field'],
    ['a negative timeout', { ...validJob, timeout_seconds: -1 }, 'timeout_seconds'],
  ])('refuses %s with invalid_request naming the field, and stores nothing', async (_name, body, message) => {
    const before = await api('/v1/jobs?limit=200');
    const answer = await api('/v1/jobs', { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(errorOf(answer.json).code).toBe('invalid_request');
    expect(errorOf(answer.json).message).toContain(message);
    const after = await api('/v1/jobs?limit=200');
    expect((dataOf(after) as unknown[]).length).toBe((dataOf(before) as unknown[]).length);
  });

  it('refuses a job whose spec would not fit one assignment frame', async () => {
    const steps = Array.from({ length: 4 }, (_, i) => ({ name: `s${i}`, run: 'x'.repeat(15_000) }));
    const answer = await api('/v1/jobs', { method: 'POST', body: { ...validJob, steps } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer.json).message).toMatch(/^steps: .* at most 49152$/);
  });

  it('needs the bearer key', async () => {
    const answer = await api('/v1/jobs', { method: 'POST', body: validJob, apiKey: null });
    expect(answer.status).toBe(401);
    expect(errorOf(answer.json).code).toBe('unauthorized');
  });
});

describe('GET /v1/jobs', () => {
  it('pages by cursor in creation order and filters by status and agent', async () => {
    const created = [await submit(), await submit(), await submit()];
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const answer = await api(`/v1/jobs?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(answer.status).toBe(200);
      const body = answer.json as { data: Job[]; meta: { page: { limit: number; cursor: string | null } } };
      expect(body.meta.page.limit).toBe(2);
      seen.push(...body.data.map((job) => job.id));
      cursor = body.meta.page.cursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(created.map((job) => job.id)));

    await api(`/v1/jobs/${created[0]?.id}/cancel`, { method: 'POST' });
    const cancelled = dataOf(await api('/v1/jobs?status=cancelled')) as Job[];
    expect(cancelled.map((job) => job.id)).toContain(created[0]?.id);
    expect(cancelled.every((job) => job.status === 'cancelled')).toBe(true);
    const none = dataOf(await api('/v1/jobs?agent_id=agt_01jq8pr0d01abcdefghjkmnpqr')) as Job[];
    expect(none).toEqual([]);
  });

  it('refuses a foreign cursor and a bad status', async () => {
    const cursor = Buffer.from('v1:agt_01jq8pr0d01abcdefghjkmnpqr').toString('base64url');
    expect(errorOf((await api(`/v1/jobs?cursor=${cursor}`)).json).code).toBe('invalid_cursor');
    const bad = await api('/v1/jobs?status=done');
    expect(bad.status).toBe(400);
    expect(errorOf(bad.json).message).toContain('status: must be one of queued');
  });
});

describe('GET /v1/jobs/{id} and cancel', () => {
  it('answers 404 job_not_found for an unknown id and 400 for a malformed one', async () => {
    const unknown = await api('/v1/jobs/job_01jq8pr0d01abcdefghjkmnpqr');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.json).code).toBe('job_not_found');
    const malformed = await api('/v1/jobs/agt_01jq8pr0d01abcdefghjkmnpqr/cancel', { method: 'POST' });
    expect(malformed.status).toBe(400);
  });

  it('cancels a queued job with 202 at once; again is 409 job_finished', async () => {
    const job = await submit();
    const answer = await api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' });
    expect(answer.status).toBe(202);
    expect(dataOf(answer)).toMatchObject({ id: job.id, status: 'cancelled', cancel_requested: true });
    expect((dataOf(answer) as Job).finished_at).not.toBeNull();
    const again = await api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(errorOf(again.json).code).toBe('job_finished');
  });
});

describe('GET /v1/jobs/{id}/logs', () => {
  it('answers an empty text/plain log before any output, 416 for a range past it, 400 for other ranges', async () => {
    const job = await submit();
    const empty = await api(`/v1/jobs/${job.id}/logs`);
    expect(empty.status).toBe(200);
    expect(empty.headers['content-type']).toBe('text/plain');
    expect(empty.text).toBe('');
    const past = await api(`/v1/jobs/${job.id}/logs`, { headers: { range: 'bytes=10-' } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */0');
    expect(errorOf(past.json).code).toBe('range_not_satisfiable');
    const closed = await api(`/v1/jobs/${job.id}/logs`, { headers: { range: 'bytes=0-10' } });
    expect(closed.status).toBe(400);
    expect(errorOf(closed.json).message).toContain('Range');
  });

  it('is listed in the OpenAPI document with the other job routes', async () => {
    const doc = (await api('/openapi.json', { apiKey: null })).json as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/logs', '/v1/jobs/{id}/cancel']),
    );
  });
});
