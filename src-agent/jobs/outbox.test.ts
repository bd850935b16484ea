import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';

const JOB = 'job_01jz0000000000000000000000';
const dir = () => join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox');

describe('Outbox', () => {
  it('keeps events in order until each is acked, across a reopen', () => {
    const path = dir();
    const outbox = Outbox.open(path, { now: () => 5 });
    const accept = outbox.enqueue({ type: 'accept', jobId: JOB, attempt: 1, payload: {} });
    const start = outbox.enqueue({ type: 'start', jobId: JOB, attempt: 1, payload: { startedAt: 1 } });
    const result = outbox.enqueue({ type: 'result', jobId: JOB, attempt: 1, payload: { ok: true } });
    expect(accept.id).toMatch(/^evt_/);
    expect(new Set([accept.id, start.id, result.id]).size).toBe(3);
    expect(outbox.ack(start.id)).toBe(true);
    expect(outbox.ack(start.id)).toBe(false);

    const reopened = Outbox.open(path);
    expect(reopened.pending()).toEqual([accept, result]);
    const next = reopened.enqueue({ type: 'accept', jobId: JOB, attempt: 2, payload: {} });
    expect(next.seq).toBe(3);
  });

  it('replays in order and stops at the first event the session cannot take', () => {
    const outbox = Outbox.open(dir());
    for (const type of ['accept', 'start', 'result'] as const)
      outbox.enqueue({ type, jobId: JOB, attempt: 1, payload: {} });
    const seen: string[] = [];
    expect(outbox.replay((event) => (seen.push(event.type), event.type !== 'start'))).toBe(1);
    expect(seen).toEqual(['accept', 'start']);
  });

  it('queues again under a given id, and refuses an id already queued', () => {
    const outbox = Outbox.open(dir());
    const first = outbox.enqueue({ type: 'result', jobId: JOB, attempt: 1, payload: {} });
    expect(() =>
      outbox.enqueue({ type: 'result', jobId: JOB, attempt: 1, payload: {}, id: first.id }),
    ).toThrow(/already queued/);
    outbox.ack(first.id);
    expect(outbox.enqueue({ type: 'result', jobId: JOB, attempt: 1, payload: {}, id: first.id }).id).toBe(
      first.id,
    );
  });

  it('drops half-written temp files and sets aside unreadable ones, naming them', () => {
    const path = dir();
    const outbox = Outbox.open(path);
    outbox.enqueue({ type: 'accept', jobId: JOB, attempt: 1, payload: {} });
    writeFileSync(join(path, '0000000000000001.json.123.tmp'), '{"half');
    writeFileSync(join(path, '0000000000000002.json'), 'not json');
    const reopened = Outbox.open(path);
    expect(reopened.pending()).toHaveLength(1);
    expect(reopened.quarantined).toEqual(['0000000000000002.json.corrupt']);
    expect(readdirSync(path).sort()).toEqual(['0000000000000000.json', '0000000000000002.json.corrupt']);
    expect(reopened.enqueue({ type: 'start', jobId: JOB, attempt: 1, payload: {} }).seq).toBe(3);
  });

  it('refuses an event that is not one, changing nothing', () => {
    const path = dir();
    const outbox = Outbox.open(path);
    expect(() => outbox.enqueue({ type: 'accept', jobId: '../etc', attempt: 1, payload: {} })).toThrow();
    expect(readdirSync(path)).toEqual([]);
  });
});
