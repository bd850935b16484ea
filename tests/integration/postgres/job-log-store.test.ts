import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseJobLogStore } from '../../../src-control-plane/jobs/database-job-log-store.js';
import { JobLogsRepository } from '../../../src-control-plane/jobs/job-logs-repository.js';
import { jobsDb } from '../../../src-control-plane/jobs/jobs-tables.js';
import { openStore, type Store } from '../../../src-control-plane/store/database.js';
import { createTestDatabase, postgresAdminUrl } from '../../helpers/postgres-databases.js';

/**
 * The database log store on a real PostgreSQL, with two stores on one database standing for two
 * replicas: what one stores the other reads, and when both append to one job at the same offset
 * exactly one wins.
 */
let dataDir: string;
const stores: Store[] = [];
let replicaA: DatabaseJobLogStore;
let replicaB: DatabaseJobLogStore;

beforeAll(async () => {
  const adminUrl = await postgresAdminUrl();
  if (adminUrl === undefined) throw new Error('runs only in the integration-postgres project');
  const databaseUrl = await createTestDatabase(adminUrl);
  dataDir = mkdtempSync(join(tmpdir(), 'plnx-pg-logs-'));
  for (let i = 0; i < 2; i++) stores.push(await openStore(dataDir, { databaseUrl }));
  replicaA = new DatabaseJobLogStore(new JobLogsRepository(jobsDb(stores[0]!.db)));
  replicaB = new DatabaseJobLogStore(new JobLogsRepository(jobsDb(stores[1]!.db)));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let jobCounter = 0;
/** A job id of the real shape, new for each test. */
function newJobId(): string {
  jobCounter += 1;
  return `job_01jq8pr0d01abcdefghjk${String(jobCounter).padStart(5, '0')}`;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Appends in agent-sized chunks (45 KiB) from offset 0, alternating between the given stores. */
async function appendAll(data: Buffer, jobId: string, via: DatabaseJobLogStore[], chunk = 45 * 1024) {
  for (let offset = 0, i = 0; offset < data.length; offset += chunk, i++) {
    const result = await via[i % via.length]!.append(jobId, 1, offset, data.subarray(offset, offset + chunk));
    expect(result.accepted).toBe(true);
  }
}

describe('DatabaseJobLogStore on PostgreSQL', () => {
  it('accepts only the next offset and answers the one it expects otherwise', async () => {
    const jobId = newJobId();
    expect(await replicaA.append(jobId, 1, 0, Buffer.from('hello '))).toEqual({
      accepted: true,
      nextOffset: 6,
    });
    expect(await replicaB.append(jobId, 1, 0, Buffer.from('hello '))).toEqual({
      accepted: false,
      expectedOffset: 6,
      reason: 'offset',
    });
    expect(await replicaA.append(jobId, 1, 9, Buffer.from('gap'))).toEqual({
      accepted: false,
      expectedOffset: 6,
      reason: 'offset',
    });
    expect(await replicaB.append(jobId, 1, 6, Buffer.from('world'))).toEqual({
      accepted: true,
      nextOffset: 11,
    });
    expect((await replicaA.read(jobId, 0, 100)).toString()).toBe('hello world');
    expect(await replicaA.sha256(jobId)).toBe(sha(Buffer.from('hello world')));
    expect(await replicaB.sha256(jobId)).toBe(sha(Buffer.from('hello world')));
  });

  it('refuses a write from an older epoch once a newer one wrote, on either replica', async () => {
    const jobId = newJobId();
    await replicaA.append(jobId, 1, 0, Buffer.from('first lease\n'));
    expect(await replicaB.append(jobId, 2, 12, Buffer.alloc(0))).toEqual({ accepted: true, nextOffset: 12 });
    expect(await replicaA.append(jobId, 1, 12, Buffer.from('late'))).toEqual({
      accepted: false,
      expectedOffset: 12,
      reason: 'stale_epoch',
    });
    expect(await replicaB.length(jobId)).toBe(12);
  });

  it('lets exactly one of two replicas racing for one job store each offset', async () => {
    const jobId = newJobId();
    const winners: Buffer[] = [];
    for (let round = 0; round < 40; round++) {
      const offset = winners.reduce((sum, b) => sum + b.length, 0);
      const fromA = Buffer.from(`A${round}:${randomBytes(8).toString('hex')}\n`);
      const fromB = Buffer.from(`B${round}:${randomBytes(12).toString('hex')}\n`);
      const [a, b] = await Promise.all([
        replicaA.append(jobId, 1, offset, fromA),
        replicaB.append(jobId, 1, offset, fromB),
      ]);
      expect([a.accepted, b.accepted].filter(Boolean)).toHaveLength(1);
      const winner = a.accepted ? fromA : fromB;
      const loser = a.accepted ? b : a;
      expect(loser).toEqual({ accepted: false, expectedOffset: offset + winner.length, reason: 'offset' });
      winners.push(winner);
    }
    const expected = Buffer.concat(winners);
    expect((await replicaB.read(jobId, 0, expected.length + 10)).equals(expected)).toBe(true);
    expect(await replicaA.sha256(jobId)).toBe(sha(expected));
    expect(await replicaB.sha256(jobId)).toBe(sha(expected));
  });

  it('keeps bytes exact, including ones that are not UTF-8', async () => {
    const jobId = newJobId();
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
    await replicaA.append(jobId, 1, 0, bytes);
    expect((await replicaB.read(jobId, 0, bytes.length)).equals(bytes)).toBe(true);
    expect((await replicaB.read(jobId, 2, 4)).equals(bytes.subarray(2, 4))).toBe(true);
    expect(await replicaB.sha256(jobId)).toBe(sha(bytes));
  });

  it('round-trips a multi-MiB log written by two replicas, whole and by ranges', async () => {
    const jobId = newJobId();
    const data = randomBytes(6 * 1024 * 1024 + 12_345);
    await appendAll(data, jobId, [replicaA, replicaB]);
    expect(await replicaA.length(jobId)).toBe(data.length);
    expect((await replicaA.read(jobId, 0, data.length)).equals(data)).toBe(true);
    expect(await replicaA.sha256(jobId)).toBe(sha(data));
    expect(await replicaB.sha256(jobId)).toBe(sha(data));
    // A store that never saw the log hashes it from the stored chunks.
    expect(await new DatabaseJobLogStore(new JobLogsRepository(jobsDb(stores[0]!.db))).sha256(jobId)).toBe(
      sha(data),
    );
  });

  it('reads ranges inside a chunk, across chunks, and past the end', async () => {
    const jobId = newJobId();
    const data = randomBytes(1000);
    await appendAll(data, jobId, [replicaA], 100);
    const ranges: [number, number][] = [
      [0, 1000],
      [0, 50],
      [150, 160],
      [99, 101],
      [250, 777],
      [900, 2000],
      [1000, 1200],
      [500, 500],
      [600, 400],
    ];
    for (const [start, end] of ranges) {
      expect(
        (await replicaB.read(jobId, start, end)).equals(data.subarray(start, Math.max(start, end))),
      ).toBe(true);
    }
    expect((await replicaB.read(newJobId(), 0, 10)).length).toBe(0);
  });

  it('stores several pieces as one append: all of them in order, or none when the offset is wrong', async () => {
    const jobId = newJobId();
    const pieces = [Buffer.from('one '), Buffer.alloc(0), Buffer.from([0xff, 0x00]), Buffer.from(' three')];
    const whole = Buffer.concat(pieces);
    expect(await replicaA.append(jobId, 1, 3, pieces)).toEqual({
      accepted: false,
      expectedOffset: 0,
      reason: 'offset',
    });
    expect(await replicaB.length(jobId)).toBe(0);
    expect(await replicaA.append(jobId, 1, 0, pieces)).toEqual({ accepted: true, nextOffset: whole.length });
    expect((await replicaB.read(jobId, 0, 100)).equals(whole)).toBe(true);
    expect((await replicaB.read(jobId, 3, 7)).equals(whole.subarray(3, 7))).toBe(true);
    expect(await replicaA.sha256(jobId)).toBe(sha(whole));
    expect(await replicaB.sha256(jobId)).toBe(sha(whole));
  });

  it('answers a page of lengths in one call, 0 for a log never written', async () => {
    const [one, two, never] = [newJobId(), newJobId(), newJobId()];
    await replicaA.append(one, 1, 0, Buffer.from('abc'));
    await replicaB.append(two, 1, 0, Buffer.from('abcdef'));
    expect(await replicaA.lengths([one, two, never])).toEqual(
      new Map([
        [one, 3],
        [two, 6],
        [never, 0],
      ]),
    );
    expect(await replicaA.lengths([])).toEqual(new Map());
    expect(await replicaA.sha256(never)).toBe(sha(Buffer.alloc(0)));
  });

  it('tells local listeners of appends that added bytes, only in the store that stored them', async () => {
    const jobId = newJobId();
    const heardA: string[] = [];
    const heardB: string[] = [];
    const stopA = replicaA.onAppend((id) => heardA.push(id));
    const stopB = replicaB.onAppend((id) => heardB.push(id));
    try {
      await replicaA.append(jobId, 1, 0, Buffer.from('x'));
      await replicaA.append(jobId, 1, 0, Buffer.from('refused'));
      await replicaA.append(jobId, 1, 1, Buffer.alloc(0));
      expect(heardA).toEqual([jobId]);
      expect(heardB).toEqual([]);
    } finally {
      stopA();
      stopB();
    }
  });
});
