import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJobLogStore } from './file-job-log-store.js';

const jobId = 'job_01jq8pr0d01abcdefghjkmnpqr';
const otherJobId = 'job_01jq8pr0d01abcdefghjkmnpqs';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plnx-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('FileJobLogStore', () => {
  it('accepts only the next offset and answers the one it expects otherwise', async () => {
    const logs = new FileJobLogStore(dir);
    expect(await logs.append(jobId, 1, 0, Buffer.from('hello '))).toEqual({ accepted: true, nextOffset: 6 });
    expect(await logs.append(jobId, 1, 0, Buffer.from('hello '))).toEqual({
      accepted: false,
      expectedOffset: 6,
      reason: 'offset',
    });
    expect(await logs.append(jobId, 1, 9, Buffer.from('gap'))).toMatchObject({
      accepted: false,
      expectedOffset: 6,
    });
    expect(await logs.append(jobId, 1, 6, Buffer.from('world'))).toEqual({ accepted: true, nextOffset: 11 });
    expect((await logs.read(jobId, 0, 100)).toString()).toBe('hello world');
    expect(await logs.sha256(jobId)).toBe(sha(Buffer.from('hello world')));
  });

  it('keeps bytes exact, including ones that are not UTF-8', async () => {
    const logs = new FileJobLogStore(dir);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0xc3]);
    await logs.append(jobId, 1, 0, bytes);
    expect((await logs.read(jobId, 0, 6)).equals(bytes)).toBe(true);
    expect((await logs.read(jobId, 2, 4)).equals(bytes.subarray(2, 4))).toBe(true);
  });

  it('refuses a write from an older epoch once a newer one wrote', async () => {
    const logs = new FileJobLogStore(dir);
    await logs.append(jobId, 2, 0, Buffer.from('new lease '));
    expect(await logs.append(jobId, 1, 10, Buffer.from('late'))).toEqual({
      accepted: false,
      expectedOffset: 10,
      reason: 'stale_epoch',
    });
  });

  it('picks up length and hash from the file after a restart', async () => {
    await new FileJobLogStore(dir).append(jobId, 1, 0, Buffer.from('before restart\n'));
    const again = new FileJobLogStore(dir);
    expect(await again.length(jobId)).toBe(15);
    expect(await again.append(jobId, 1, 15, Buffer.from('after'))).toEqual({
      accepted: true,
      nextOffset: 20,
    });
    expect(await again.sha256(jobId)).toBe(sha(Buffer.from('before restart\nafter')));
  });

  it('has an empty log for a job that printed nothing', async () => {
    const logs = new FileJobLogStore(dir);
    expect(await logs.length(jobId)).toBe(0);
    expect(await logs.sha256(jobId)).toBe(sha(Buffer.alloc(0)));
  });

  it('stores several pieces as one append: all of them in order, or none when the offset is wrong', async () => {
    const logs = new FileJobLogStore(dir);
    const pieces = [Buffer.from('one '), Buffer.alloc(0), Buffer.from([0xff, 0x00]), Buffer.from(' three')];
    const whole = Buffer.concat(pieces);
    expect(await logs.append(jobId, 1, 3, pieces)).toEqual({
      accepted: false,
      expectedOffset: 0,
      reason: 'offset',
    });
    expect(await logs.length(jobId)).toBe(0);
    expect(await logs.append(jobId, 1, 0, pieces)).toEqual({ accepted: true, nextOffset: whole.length });
    expect((await logs.read(jobId, 0, 100)).equals(whole)).toBe(true);
    expect(await logs.sha256(jobId)).toBe(sha(whole));
  });

  it('answers many lengths at once, 0 for a log never written', async () => {
    const logs = new FileJobLogStore(dir);
    await logs.append(jobId, 1, 0, Buffer.from('abc'));
    expect(await logs.lengths([jobId, otherJobId])).toEqual(
      new Map([
        [jobId, 3],
        [otherJobId, 0],
      ]),
    );
  });
});
