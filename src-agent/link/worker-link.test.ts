import { describe, expect, it } from 'vitest';
import { WorkerToHost } from '../../src-shared/worker-link.js';
import type { ParentPort } from './parent-port.js';
import { detectParentPort } from './parent-port.js';
import { WorkerLink, type LinkTarget } from './worker-link.js';

function fakePort() {
  const sent: unknown[] = [];
  let listener: ((m: unknown) => void) | null = null;
  const port: ParentPort = {
    send: (m) => sent.push(m),
    onMessage: (l) => (listener = l),
    onDisconnect: () => undefined,
    release: () => undefined,
  };
  return { port, sent, deliver: (m: unknown) => listener?.(m) };
}

function fakeTarget(overrides: Partial<LinkTarget> = {}) {
  const calls: string[] = [];
  const target: LinkTarget = {
    enroll: (input, onProgress) => {
      calls.push(`enroll ${input.apiHost}`);
      onProgress([{ name: 'dns', status: 'passed', detail: 'ok' }]);
      return Promise.resolve({ ok: true, agentId: 'agt_01jq8p0000000000000000000a' });
    },
    unenroll: () => {
      calls.push('unenroll');
      return Promise.resolve();
    },
    pause: () => (calls.push('pause'), true),
    resume: () => (calls.push('resume'), false),
    reconnectNow: () => (calls.push('reconnect now'), true),
    cancelJob: (jobId) => (calls.push(`cancel ${jobId}`), jobId === 'job_running'),
    shutdown: (graceMs) => void calls.push(`shutdown ${graceMs}`),
    ...overrides,
  };
  return { target, calls };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WorkerLink', () => {
  it('answers ping with pong even before the worker is attached', async () => {
    const { port, sent } = fakePort();
    const link = new WorkerLink(port, () => undefined);
    await link.handle({ type: 'ping', nonce: 'n1' });
    expect(sent).toEqual([{ type: 'pong', nonce: 'n1' }]);
  });

  it('runs enroll, streams preflight progress and replies with the agent id; every message fits the contract', async () => {
    const { port, sent, deliver } = fakePort();
    const link = new WorkerLink(port, () => undefined);
    const { target, calls } = fakeTarget();
    link.attach(target);
    deliver({
      type: 'enroll',
      requestId: 'r1',
      apiHost: 'https://cp',
      token: 'plnx_enroll_x',
      extra: 'tolerated',
    });
    await settle();
    expect(calls).toEqual(['enroll https://cp']);
    expect(sent).toEqual([
      { type: 'enroll_progress', requestId: 'r1', checks: [{ name: 'dns', status: 'passed', detail: 'ok' }] },
      { type: 'reply', requestId: 'r1', ok: true, result: { agentId: 'agt_01jq8p0000000000000000000a' } },
    ]);
    for (const m of sent) expect(WorkerToHost.safeParse(m).success).toBe(true);
  });

  it('replies with the failure code when enrollment fails', async () => {
    const { port, sent } = fakePort();
    const link = new WorkerLink(port, () => undefined);
    link.attach(
      fakeTarget({
        enroll: () => Promise.resolve({ ok: false, code: 'token_used', message: 'already used' }),
      }).target,
    );
    await link.handle({ type: 'enroll', requestId: 'r2', apiHost: 'https://cp', token: 't' });
    expect(sent).toEqual([
      { type: 'reply', requestId: 'r2', ok: false, error: { code: 'token_used', message: 'already used' } },
    ]);
  });

  it('drives unenroll, pause, resume, reconnect now, shutdown, and refuses an unknown job', async () => {
    const { port, sent } = fakePort();
    const warnings: string[] = [];
    const link = new WorkerLink(port, (m) => warnings.push(m));
    const { target, calls } = fakeTarget();
    link.attach(target);
    await link.handle({ type: 'unenroll', requestId: 'u1' });
    await link.handle({ type: 'pause' });
    await link.handle({ type: 'resume' });
    await link.handle({ type: 'reconnect_now' });
    await link.handle({ type: 'cancel_job', requestId: 'c1', jobId: 'job_x' });
    await link.handle({ type: 'cancel_job', requestId: 'c2', jobId: 'job_running' });
    await link.handle({ type: 'shutdown', graceMs: 500 });
    link.jobs([
      { id: 'job_running', name: 'n', state: 'running', exitCode: null, startedAt: 1, finishedAt: null },
    ]);
    expect(calls).toEqual([
      'unenroll',
      'pause',
      'resume',
      'reconnect now',
      'cancel job_x',
      'cancel job_running',
      'shutdown 500',
    ]);
    expect(warnings).toEqual(['resume ignored: the worker is not paused']);
    expect(sent).toEqual([
      { type: 'reply', requestId: 'u1', ok: true },
      {
        type: 'reply',
        requestId: 'c1',
        ok: false,
        error: { code: 'unknown_job', message: 'no job job_x runs on this agent' },
      },
      { type: 'reply', requestId: 'c2', ok: true },
      {
        type: 'jobs',
        jobs: [
          { id: 'job_running', name: 'n', state: 'running', exitCode: null, startedAt: 1, finishedAt: null },
        ],
      },
    ]);
  });

  it('rejects invalid messages, replying when they carry a request id, and changes nothing', async () => {
    const { port, sent } = fakePort();
    const warnings: string[] = [];
    const link = new WorkerLink(port, (m) => warnings.push(m));
    const { target, calls } = fakeTarget();
    link.attach(target);
    for (const bad of [
      null,
      'ping',
      42,
      [],
      { type: 'launch' },
      { type: 'ping' },
      { type: 'shutdown', graceMs: -1 },
    ]) {
      await link.handle(bad);
    }
    await link.handle({ type: 'enroll', requestId: 'r9', apiHost: 'https://cp' });
    expect(calls).toEqual([]);
    expect(warnings).toHaveLength(8);
    expect(sent).toEqual([
      {
        type: 'reply',
        requestId: 'r9',
        ok: false,
        error: { code: 'bad_message', message: 'token: Invalid input: expected string, received undefined' },
      },
    ]);
  });

  it('says it is not ready to requests that come before the worker is attached', async () => {
    const { port, sent } = fakePort();
    const link = new WorkerLink(port, () => undefined);
    await link.handle({ type: 'unenroll', requestId: 'early' });
    expect(sent).toEqual([
      {
        type: 'reply',
        requestId: 'early',
        ok: false,
        error: { code: 'not_ready', message: 'the worker is still starting' },
      },
    ]);
  });

  it('sends ready, state, log and health messages that fit the contract', () => {
    const { port, sent } = fakePort();
    const link = new WorkerLink(port, () => undefined);
    link.ready('0.1.0');
    link.log({ level: 'info', msg: 'hi', time: 1 });
    link.health({
      at: 1,
      cpu_percent: 1,
      memory_percent: 2,
      disk_free_gb: 3,
      active_jobs: 0,
      queue_depth: 0,
    });
    for (const m of sent) expect(WorkerToHost.safeParse(m).success).toBe(true);
    expect(sent.map((m) => (m as { type: string }).type)).toEqual(['ready', 'log', 'health']);
  });
});

describe('detectParentPort', () => {
  it('is null for a standalone process', () => {
    expect(
      detectParentPort({
        on: process.on.bind(process),
        send: undefined,
        connected: false,
        channel: undefined,
      }),
    ).toBeNull();
  });

  it('uses Electron’s parentPort when present, unwrapping message events', () => {
    const posted: unknown[] = [];
    let onMessage: ((e: { data: unknown }) => void) | null = null;
    const port = detectParentPort({
      on: process.on.bind(process),
      send: undefined,
      connected: false,
      channel: undefined,
      parentPort: { postMessage: (m) => posted.push(m), on: (_e, l) => (onMessage = l) },
    });
    const got: unknown[] = [];
    port?.onMessage((m) => got.push(m));
    port?.send({ type: 'pong', nonce: 'x' });
    onMessage!({ data: { type: 'ping', nonce: 'y' } });
    expect(posted).toEqual([{ type: 'pong', nonce: 'x' }]);
    expect(got).toEqual([{ type: 'ping', nonce: 'y' }]);
  });
});
