import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobOutputTail } from './job-output-tail.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function spool(): string {
  const dir = mkdtempSync(join(tmpdir(), 'job-output-tail-'));
  dirs.push(dir);
  const path = join(dir, 'spool.log');
  writeFileSync(path, '');
  return path;
}

function tail(options: { maxBytesPerFlush?: number } = {}) {
  const seen: { jobId: string; text: string; skipped: number }[] = [];
  const follower = new JobOutputTail((jobId, text, skipped) => seen.push({ jobId, text, skipped }), {
    intervalMs: 60_000,
    ...options,
  });
  return { follower, seen };
}

describe('JobOutputTail (real spool files)', () => {
  it('forwards what each growth added, once, coalescing many growths into one message', () => {
    const path = spool();
    const { follower, seen } = tail();
    appendFileSync(path, 'one\n');
    follower.grew('job_a', path, 4);
    appendFileSync(path, 'two\n');
    follower.grew('job_a', path, 8);
    follower.flush();
    expect(seen).toEqual([{ jobId: 'job_a', text: 'one\ntwo\n', skipped: 0 }]);
    follower.flush();
    expect(seen).toHaveLength(1);
    appendFileSync(path, 'three\n');
    follower.grew('job_a', path, 14);
    follower.flush();
    expect(seen[1]).toEqual({ jobId: 'job_a', text: 'three\n', skipped: 0 });
    follower.stop();
  });

  it('keeps a character split between two growths whole', () => {
    const path = spool();
    const { follower, seen } = tail();
    const euro = Buffer.from('€\n');
    appendFileSync(path, euro.subarray(0, 1));
    follower.grew('job_a', path, 1);
    follower.flush();
    appendFileSync(path, euro.subarray(1));
    follower.grew('job_a', path, euro.length);
    follower.flush();
    expect(seen.map((s) => s.text).join('')).toBe('€\n');
  });

  it('skips what a fast job printed past the per-flush bound, and says how much', () => {
    const path = spool();
    const { follower, seen } = tail({ maxBytesPerFlush: 10 });
    appendFileSync(path, 'a'.repeat(25) + '0123456789');
    follower.grew('job_a', path, 35);
    follower.flush();
    expect(seen).toEqual([{ jobId: 'job_a', text: '0123456789', skipped: 25 }]);
  });

  it('stops following a job whose spool is gone (acked and cleaned up)', () => {
    const path = spool();
    const { follower, seen } = tail();
    follower.grew('job_a', path, 10);
    rmSync(path);
    follower.flush();
    expect(seen).toEqual([]);
  });
});
