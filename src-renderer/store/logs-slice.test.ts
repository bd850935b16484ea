import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src-shared/host-api/logs.js';
import { FakeHost } from '../test-support/fake-host.js';
import { createAppStore } from './app-store.js';

const line = (n: number): LogLine => ({ cursor: `c${n}`, time: n, level: 'info', msg: `line ${n}` });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i));
const msgs = (lines: LogLine[] | undefined) => (lines ?? []).map((l) => l.msg);

describe('logs slice', () => {
  it('keeps lines pushed while the first page is in flight, after the page and without duplicates', async () => {
    let answer!: (page: unknown) => void;
    const host = new FakeHost().handle('logs', () => new Promise((resolve) => (answer = resolve)) as never);
    const { store } = createAppStore(host);
    const opening = store.getState().openFeed('agent');
    host.push('logLines', { source: 'agent', jobId: null, lines: [line(2), line(3)] });
    answer({ lines: range(0, 3), olderCursor: null, newerCursor: 'c2' });
    await opening;
    expect(msgs(store.getState().feeds.agent?.lines)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  });

  it('reopening a feed that had older pages loaded keeps time order', async () => {
    const host = new FakeHost().handle('logs', (params) =>
      (params as { before?: string }).before === undefined
        ? { lines: range(10, 20), olderCursor: 'c10', newerCursor: 'c19' }
        : { lines: range(0, 10), olderCursor: null, newerCursor: 'c9' },
    );
    const { store } = createAppStore(host);
    await store.getState().openFeed('host');
    await store.getState().loadOlder('host');
    expect(msgs(store.getState().feeds.host?.lines)).toEqual(msgs(range(0, 20)));
    await store.getState().openFeed('host');
    expect(msgs(store.getState().feeds.host?.lines)).toEqual(msgs(range(10, 20)));
  });

  it('routes job lines to that job only', async () => {
    const host = new FakeHost().handle('logs', () => ({ lines: [], olderCursor: null, newerCursor: null }));
    const { store } = createAppStore(host);
    await store.getState().openFeed('job:job_a');
    host.push('logLines', { source: 'job', jobId: 'job_b', lines: [line(1)] });
    host.push('logLines', { source: 'job', jobId: 'job_a', lines: [line(2)] });
    expect(msgs(store.getState().feeds['job:job_a']?.lines)).toEqual(['line 2']);
    expect(store.getState().feeds['job:job_b']).toBeUndefined();
  });

  it('shows a job log the host has not written yet as empty, then fills it from live lines', async () => {
    const host = new FakeHost().fail('logs', 'not_found', 'no log for job job_a');
    const { store } = createAppStore(host);
    await store.getState().openFeed('job:job_a');
    expect(store.getState().feeds['job:job_a']).toMatchObject({ status: 'ready', error: null, lines: [] });
    host.push('logLines', { source: 'job', jobId: 'job_a', lines: [line(1)] });
    expect(msgs(store.getState().feeds['job:job_a']?.lines)).toEqual(['line 1']);
  });

  it('still reports a host log it cannot read', async () => {
    const host = new FakeHost().fail('logs', 'not_found', 'no such log');
    const { store } = createAppStore(host);
    await store.getState().openFeed('host');
    expect(store.getState().feeds.host).toMatchObject({ status: 'error', error: { code: 'not_found' } });
  });
});
