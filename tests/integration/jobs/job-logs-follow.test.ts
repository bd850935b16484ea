import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../../src-control-plane/app.js';
import { apiClient, dataOf, type ApiClient } from '../../helpers/control-plane-client.js';
import { testDatabaseUrl } from '../../helpers/postgres-databases.js';

/**
 * The logs route over a real control plane in this process, fed through its job services, so the
 * test can place bytes exactly and watch a follower receive them. In the postgres project the logs
 * are rows in a fresh database, otherwise files under the data folder.
 */
let plane: ControlPlane;
let dataDir: string;
let api: ApiClient;
const apiKey = `test-bootstrap-${randomBytes(16).toString('base64url')}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'plnx-job-logs-'));
  plane = await startControlPlane({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: await testDatabaseUrl(),
    logger: pino({ level: 'silent' }),
    tokenPolicy: { defaultTtlSeconds: 3600, maxTtlSeconds: 7200 },
    bootstrapApiKey: apiKey,
    version: 'test',
  });
  api = apiClient(plane.url, apiKey);
});
afterAll(async () => {
  await plane.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function queuedJob(): Promise<string> {
  const answer = await api('/v1/jobs', {
    method: 'POST',
    body: { name: 'logs', steps: [{ name: 's', run: 'true' }], target: { tags: ['nobody-has-this'] } },
  });
  return (dataOf(answer) as { id: string }).id;
}

/** Raw bytes of a GET, so non-UTF-8 output is compared exactly. */
function getBytes(path: string, headers: Record<string, string> = {}, onFirstByte?: () => void) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        new URL(path, plane.url),
        { headers: { authorization: `Bearer ${apiKey}`, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            if (chunks.length === 0) onFirstByte?.();
            chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

async function finish(jobId: string): Promise<void> {
  const now = Date.now();
  await plane.jobs.repository.transition(
    jobId,
    { statuses: ['queued'] },
    { status: 'succeeded', finished_at: now },
  );
  plane.jobs.events.emit({ type: 'job.finished', jobId, agentId: null });
}

describe('job logs', () => {
  it('serves the stored bytes exactly, and from byte N with Range as 206', async () => {
    const jobId = await queuedJob();
    const bytes = Buffer.concat([Buffer.from('step one\n'), randomBytes(300_000), Buffer.from([0xff, 0xfe])]);
    expect(await plane.jobs.logs.append(jobId, 1, 0, bytes)).toEqual({
      accepted: true,
      nextOffset: bytes.length,
    });

    const whole = await getBytes(`/v1/jobs/${jobId}/logs`);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe(String(bytes.length));
    expect(createHash('sha256').update(whole.body).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );

    const tail = await getBytes(`/v1/jobs/${jobId}/logs`, { range: 'bytes=9-' });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes 9-${bytes.length - 1}/${bytes.length}`);
    expect(tail.body.equals(bytes.subarray(9))).toBe(true);
    expect((dataOf(await api(`/v1/jobs/${jobId}`)) as { log_bytes: number }).log_bytes).toBe(bytes.length);
  });

  it('follows: streams what arrives and ends when the job ends', async () => {
    const jobId = await queuedJob();
    await plane.jobs.logs.append(jobId, 1, 0, Buffer.from('first\n'));
    let firstByte!: () => void;
    const gotFirst = new Promise<void>((resolve) => (firstByte = resolve));
    const following = getBytes(`/v1/jobs/${jobId}/logs?follow=1`, {}, firstByte);
    await gotFirst;
    await plane.jobs.logs.append(jobId, 1, 6, Buffer.from('second\n'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await plane.jobs.logs.append(jobId, 1, 13, Buffer.from('third\n'));
    await finish(jobId);
    const answer = await following;
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('first\nsecond\nthird\n');
  });

  it('follows from the end with Range (206), and returns at once for a job that already ended', async () => {
    const jobId = await queuedJob();
    await plane.jobs.logs.append(jobId, 1, 0, Buffer.from('old\n'));
    const following = getBytes(`/v1/jobs/${jobId}/logs?follow=1`, { range: 'bytes=4-' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await plane.jobs.logs.append(jobId, 1, 4, Buffer.from('new\n'));
    await finish(jobId);
    const answer = await following;
    expect(answer.status).toBe(206);
    expect(answer.body.toString()).toBe('new\n');
    const ended = await getBytes(`/v1/jobs/${jobId}/logs?follow=1`);
    expect(ended.body.toString()).toBe('old\nnew\n');
  });
});
