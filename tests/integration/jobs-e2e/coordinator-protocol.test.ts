import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentMessage, JobAssignMessage } from '../../../src-shared/agent-protocol/index.js';
import { createLogger } from '../../../src-node/logging/create-logger.js';
import { JobCoordinator } from '../../../src-agent/worker/job-coordinator.js';
import { newJobId } from '../../helpers/job-core.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * The coordinator's side of the session protocol, against a scripted server (the frames it sends
 * are collected); steps run for real in `sh`.
 */
const open: JobCoordinator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    c.cancelAll('test over');
    // Its steps must be down before their folder goes.
    await waitUntil(() => c.activeJobs, {
      until: (n) => n === 0,
      message: 'the jobs ended',
      timeoutMs: 10_000,
    });
    c.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function coordinator(slots = 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'coordinator-'));
  dirs.push(dataDir);
  const c = await JobCoordinator.open({
    dataDir,
    slots,
    log: createLogger({ name: 'planasonix-agent', level: 'error' }),
  });
  open.push(c);
  const sent: AgentMessage[] = [];
  c.attach((m) => (sent.push(m), true));
  return { c, sent };
}

function assign(run: string, epoch = 1): JobAssignMessage {
  return {
    type: 'job_assign',
    job_id: newJobId(),
    epoch,
    attempt: 1,
    name: 'n',
    steps: [{ name: 's', run, env: {}, timeout_seconds: null }],
    timeout_seconds: null,
    cancel_grace_seconds: 1,
    accept_deadline_ms: 5000,
  };
}

const ofType = (sent: AgentMessage[], type: AgentMessage['type']) => sent.filter((m) => m.type === type);

describe('job coordinator and the session protocol', () => {
  it('on attach says its slots and what it holds; events wait for the reconcile answer', async () => {
    const { c, sent } = await coordinator(2);
    expect(sent).toEqual([
      { type: 'job_capacity', slots: 2, accepting: true },
      { type: 'job_reconcile', jobs: [] },
    ]);
    const offer = assign('true');
    c.handle(offer);
    expect(ofType(sent, 'job_accept')).toEqual([]);
    c.handle({ type: 'job_reconcile_result', jobs: [] });
    expect(ofType(sent, 'job_accept')).toMatchObject([{ job_id: offer.job_id, epoch: 1 }]);
  });

  it('takes no offer while paused or without a free slot, and says so in job_capacity', async () => {
    const { c, sent } = await coordinator(1);
    c.handle({ type: 'job_reconcile_result', jobs: [] });
    c.setAccepting(false);
    expect(sent.at(-1)).toEqual({ type: 'job_capacity', slots: 1, accepting: false });
    c.handle(assign('true'));
    expect(c.heldJobs).toBe(0);
    c.setAccepting(true);
    c.handle(assign('sleep 5'));
    c.handle(assign('true'));
    expect(c.heldJobs).toBe(1);
    expect(c.activeJobs).toBe(1);
  });

  it('cancels a running job missing from the intent, and every job when the lease is not renewed', async () => {
    const { c, sent } = await coordinator(2);
    c.handle({ type: 'job_reconcile_result', jobs: [] });
    const given = assign('sleep 30');
    const kept = assign('sleep 30');
    c.handle(given);
    c.handle(kept);
    await waitUntil(() => ofType(sent, 'job_start').length, {
      until: (n) => n === 2,
      message: 'both started',
      timeoutMs: 5_000,
    });
    c.onIntent({
      accepting_work: true,
      jobs: [{ job_id: kept.job_id, epoch: 1, state: 'running', cancel: false }],
      lease_seconds: 1,
    });
    await waitUntil(() => c.activeJobs, {
      until: (n) => n === 1,
      message: 'the given-away job ended',
      timeoutMs: 5_000,
    });
    expect(ofType(sent, 'job_result')).toMatchObject([{ job_id: given.job_id, status: 'cancelled' }]);
    // No heartbeat_ack for longer than lease_seconds: the agent ends the job before the server gives it away.
    await waitUntil(() => c.activeJobs, {
      until: (n) => n === 0,
      message: 'the unrenewed job ended',
      timeoutMs: 5_000,
    });
    expect(ofType(sent, 'job_result')).toMatchObject([
      { job_id: given.job_id, status: 'cancelled' },
      { job_id: kept.job_id, status: 'cancelled' },
    ]);
  });

  it('keeps a job until its result and every log byte are acked, then drops it', async () => {
    const { c, sent } = await coordinator();
    c.handle({ type: 'job_reconcile_result', jobs: [] });
    const offer = assign('printf hello');
    c.handle(offer);
    await waitUntil(() => ofType(sent, 'job_result').length, {
      until: (n) => n === 1,
      message: 'the result',
      timeoutMs: 5_000,
    });
    const result = ofType(sent, 'job_result')[0] as Extract<AgentMessage, { type: 'job_result' }>;
    for (const m of ofType(sent, 'job_accept').concat(ofType(sent, 'job_start'), [result]))
      c.handle({
        type: 'job_event_ack',
        event_id: (m as { event_id: string }).event_id,
        job_id: offer.job_id,
        outcome: 'recorded',
        reason: null,
      });
    expect(c.heldJobs).toBe(1);
    // The log may leave in several chunks (the shipper reads the spool as it grows): wait for all.
    const shipped = () =>
      ofType(sent, 'job_log').reduce(
        (n, m) => n + Buffer.from((m as { data: string }).data, 'base64').length,
        0,
      );
    await waitUntil(shipped, {
      until: (bytes) => bytes >= result.log_length,
      message: 'the whole log shipped',
      timeoutMs: 5_000,
    });
    expect(shipped()).toBe(result.log_length);
    c.handle({
      type: 'job_log_ack',
      job_id: offer.job_id,
      epoch: 1,
      accepted: true,
      next_offset: result.log_length,
      lease_void: false,
    });
    expect(c.heldJobs).toBe(0);
  });
});
