import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_API_METHODS } from '../../../src-shared/host-api/methods.js';
import { LogBook } from './log-book.js';

let dir = '';
let book: LogBook;
const limits = { maxBytes: 64 * 1024, kept: 2 };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logbook-'));
  book = new LogBook(dir, limits);
});
afterEach(async () => {
  book.close();
  await rm(dir, { recursive: true, force: true });
});

const logs = (params: object) => book.page(HOST_API_METHODS.logs.params.parse(params));

function writeMany(count: number, msg = (i: number) => `line ${i} ${'x'.repeat(200)}`) {
  for (let i = 0; i < count; i += 1)
    book.write('host', { time: i, level: i % 10 === 0 ? 'error' : 'info', msg: msg(i) });
}

describe('LogBook', () => {
  it('keeps at most the live file plus the kept ones, each under the cap', async () => {
    writeMany(2000);
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(3);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(limits.maxBytes);
    expect((await stat(join(dir, files[0]!))).mode & 0o777).toBe(0o600);
  });

  it('pages back through rotated files without gaps or repeats', () => {
    writeMany(700);
    const seen: number[] = [];
    let page = logs({ source: 'host', limit: 100 });
    for (let i = 0; i < 20; i += 1) {
      seen.unshift(...page.lines.map((l) => l.time));
      if (page.olderCursor === null) break;
      page = logs({ source: 'host', limit: 100, before: page.olderCursor });
    }
    expect(seen.at(-1)).toBe(699);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => 700 - seen.length + i));
  });

  it('polls forward from a cursor and filters by level and text', () => {
    writeMany(30);
    const tail = logs({ source: 'host', limit: 5 });
    expect(tail.lines.map((l) => l.time)).toEqual([25, 26, 27, 28, 29]);
    book.write('host', { time: 30, level: 'warn', msg: 'Disk is nearly FULL' });
    const newer = logs({ source: 'host', after: tail.newerCursor! });
    expect(newer.lines.map((l) => l.msg)).toEqual(['Disk is nearly FULL']);
    expect(logs({ source: 'host', after: newer.newerCursor! }).lines).toEqual([]);
    expect(logs({ source: 'host', level: 'error' }).lines.map((l) => l.time)).toEqual([0, 10, 20]);
    expect(logs({ source: 'host', query: 'full' }).lines).toHaveLength(1);
  });

  it('refuses a forged cursor and an unknown job log with typed errors', () => {
    expect(() => logs({ source: 'host', before: '../../etc' })).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
    expect(() => logs({ source: 'job', jobId: 'job_01jq8pr0d01abcdefghjkmnpqr' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('writes job logs on their own and never writes a token to disk', async () => {
    const jobId = 'job_01jq8pr0d01abcdefghjkmnpqr';
    book.write('job', { time: 1, level: 'info', msg: 'using plnx_enroll_SECRETSECRET' }, jobId);
    expect(logs({ source: 'job', jobId }).lines[0]?.msg).toBe('using [redacted]');
    const raw = await readFile(join(dir, 'jobs', `${jobId}.1.log`), 'utf8');
    expect(raw).not.toContain('SECRETSECRET');
  });
});
