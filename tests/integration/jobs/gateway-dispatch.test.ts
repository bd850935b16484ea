import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/jobs-api/jobs.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import {
  connectScriptedAgent,
  enrollScriptedAgent,
  heartbeatMessage,
  type ScriptedAgent,
} from '../../helpers/scripted-agent.js';
import {
  acceptMessage,
  logChunk,
  nextOfType,
  noneOfType,
  resultMessage,
  startMessage,
} from '../../helpers/scripted-agent-jobs.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cp = controlPlanePerFile({
  args: ['--heartbeat-interval', '1', '--job-accept-timeout', '1', '--job-lease', '2'],
});
const api = cp.api;
const open: ScriptedAgent[] = [];
// Each test gets its own agents and jobs: the previous test's agents leave and its jobs are cancelled.
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  for (const status of ['queued', 'assigned', 'running']) {
    for (const left of dataOf(await api(`/v1/jobs?status=${status}&limit=200`)) as Job[]) {
      await api(`/v1/jobs/${left.id}/cancel`, { method: 'POST' });
    }
  }
});
afterAll(async () => {
  await cp.stop();
});

async function agent(): Promise<{ agentId: string; connection: ScriptedAgent }> {
  const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
  const connection = await connectScriptedAgent(cp.url, agentId, identity);
  open.push(connection);
  return { agentId, connection };
}

async function submit(target: object, name = 'job'): Promise<Job> {
  const answer = await api('/v1/jobs', {
    method: 'POST',
    body: { name, steps: [{ name: 'only', run: 'echo hi' }], target },
  });
  expect(answer.status).toBe(201);
  return dataOf(answer) as Job;
}

async function job(id: string): Promise<Job> {
  return dataOf(await api(`/v1/jobs/${id}`)) as Job;
}

describe('job dispatch through the gateway', () => {
  it('assign → accept → start → log by offset → result recorded once, replay acked, stale refused', async () => {
    const { agentId, connection } = await agent();
    const submitted = await submit({ agent_id: agentId });
    const assign = await nextOfType(connection, 'job_assign');
    expect(assign).toMatchObject({ job_id: submitted.id, attempt: 1, name: 'job' });
    expect(assign.steps).toEqual([{ name: 'only', run: 'echo hi', env: {}, timeout_seconds: null }]);
    const epoch = assign.epoch;

    const accept = acceptMessage(submitted.id, epoch);
    connection.send(accept);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({
      outcome: 'recorded',
      reason: null,
    });
    connection.send(accept);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'duplicate' });
    connection.send(startMessage(submitted.id, epoch));
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    expect((await job(submitted.id)).status).toBe('running');

    const log = Buffer.concat([
      Buffer.from('hello\n'),
      Buffer.from([0xff, 0x00, 0xfe]),
      Buffer.from('world\n'),
    ]);
    connection.send(logChunk(submitted.id, epoch, 0, log.subarray(0, 6)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({ accepted: true, next_offset: 6 });
    connection.send(logChunk(submitted.id, epoch, 9, log.subarray(9)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({
      accepted: false,
      next_offset: 6,
      lease_void: false,
    });
    connection.send(logChunk(submitted.id, epoch, 6, log.subarray(6)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({
      accepted: true,
      next_offset: log.length,
    });

    const stale = resultMessage(submitted.id, epoch + 1, log);
    connection.send(stale);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({
      outcome: 'refused',
      reason: 'stale_epoch',
    });
    const result = resultMessage(submitted.id, epoch, log, { exit_code: 0 });
    connection.send(result);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    connection.send(result);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'duplicate' });

    const done = await job(submitted.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      agent_id: agentId,
      error: null,
      log_bytes: log.length,
    });
    expect(done.steps[0]).toMatchObject({ status: 'succeeded', exit_code: 0 });
    const logs = await fetch(`${cp.url}/v1/jobs/${submitted.id}/logs`, {
      headers: { authorization: `Bearer ${cp.apiKey}` },
    });
    expect(Buffer.from(await logs.arrayBuffer()).equals(log)).toBe(true);
  });

  it('holds a result whose log has not all arrived, and finishes the job when it has', async () => {
    const { agentId, connection } = await agent();
    const submitted = await submit({ agent_id: agentId });
    const { epoch } = await nextOfType(connection, 'job_assign');
    const log = Buffer.from('late bytes\n');
    connection.send(startMessage(submitted.id, epoch));
    await nextOfType(connection, 'job_event_ack');
    connection.send(resultMessage(submitted.id, epoch, log, { status: 'failed', exit_code: 3 }));
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    expect((await job(submitted.id)).status).toBe('running');
    connection.send(logChunk(submitted.id, epoch, 0, log));
    await nextOfType(connection, 'job_log_ack');
    await waitUntil(() => job(submitted.id), {
      until: (j) => j.status === 'failed',
      message: 'the job failed once its log arrived',
    });
    expect(await job(submitted.id)).toMatchObject({ exit_code: 3, error: null });
  });

  it('requeues an offer not accepted in time, with the next attempt', async () => {
    const { agentId, connection } = await agent();
    const submitted = await submit({ agent_id: agentId });
    const first = await nextOfType(connection, 'job_assign');
    const second = await nextOfType(connection, 'job_assign', 6000, (m) => m.epoch > first.epoch);
    expect(second).toMatchObject({ job_id: submitted.id, attempt: 2 });
    connection.send(acceptMessage(submitted.id, first.epoch));
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({
      outcome: 'refused',
      reason: 'stale_epoch',
    });
  });

  it('marks a started job lost when heartbeats stop renewing its lease; heartbeats keep it alive', async () => {
    const { agentId, connection } = await agent();
    const submitted = await submit({ agent_id: agentId });
    const { epoch } = await nextOfType(connection, 'job_assign');
    connection.send(startMessage(submitted.id, epoch));
    await nextOfType(connection, 'job_event_ack');
    // The lease as stored: the reaper gives the job up once it is in the past.
    const db = openPlaneDatabase(cp);
    const leaseEnd = async () =>
      (
        await db.all<{ lease_expires_at: number }>(
          'select lease_expires_at from jobs where id = ?',
          submitted.id,
        )
      )[0]?.lease_expires_at ?? 0;
    try {
      const firstLeaseEnd = await leaseEnd();
      expect(firstLeaseEnd).toBeGreaterThan(0);
      // A heartbeat whenever the stored lease runs short, as an agent would, until the first lease
      // and a reaper tick (every second) after it are past.
      for (let seq = 1; Date.now() < firstLeaseEnd + 1_000; seq++) {
        await waitUntil(leaseEnd, {
          until: (end) => end - Date.now() < 1_500,
          message: 'the lease to run short',
          intervalMs: 20,
        });
        const before = await leaseEnd();
        connection.send(heartbeatMessage(seq));
        const ack = await nextOfType(connection, 'heartbeat_ack');
        expect(ack.intent).toMatchObject({
          jobs: [{ job_id: submitted.id, epoch, state: 'running', cancel: false }],
          lease_seconds: 2,
        });
        await waitUntil(leaseEnd, {
          until: (end) => end > before,
          message: 'the heartbeat renewed the lease',
        });
      }
      // Past the first lease, the job runs on because the stored lease moved with the heartbeats.
      expect((await job(submitted.id)).status).toBe('running');
      expect(await leaseEnd()).toBeGreaterThan(firstLeaseEnd);
    } finally {
      await db.close();
    }
    await waitUntil(() => job(submitted.id), {
      until: (j) => j.status === 'lost',
      message: 'the unrenewed job lost',
      timeoutMs: 6000,
    });
    expect((await job(submitted.id)).error).toContain('lease expired');
  });

  it('sends cancel to the agent, flags it in the intent, and records the cancelled result', async () => {
    const { agentId, connection } = await agent();
    const submitted = await submit({ agent_id: agentId });
    const { epoch } = await nextOfType(connection, 'job_assign');
    connection.send(acceptMessage(submitted.id, epoch));
    await nextOfType(connection, 'job_event_ack');
    expect((await api(`/v1/jobs/${submitted.id}/cancel`, { method: 'POST' })).status).toBe(202);
    expect(await nextOfType(connection, 'job_cancel')).toMatchObject({ job_id: submitted.id, epoch });
    expect((await api(`/v1/jobs/${submitted.id}/cancel`, { method: 'POST' })).status).toBe(202);
    connection.send(heartbeatMessage(1));
    expect((await nextOfType(connection, 'heartbeat_ack')).intent).toMatchObject({
      jobs: [{ job_id: submitted.id, cancel: true }],
    });
    connection.send(
      resultMessage(submitted.id, epoch, Buffer.alloc(0), { status: 'cancelled', exit_code: null }),
    );
    await nextOfType(connection, 'job_event_ack');
    expect((await job(submitted.id)).status).toBe('cancelled');
    expect((await api(`/v1/jobs/${submitted.id}/cancel`, { method: 'POST' })).status).toBe(409);
  });

  it('offers work only to agents with every tag and capability asked, within their slots', async () => {
    const { agentId, connection } = await agent();
    // enrollScriptedAgent registers with no tags; the session reports node_20 and python_3_11.
    const unmatched = await submit({ capabilities: ['spark'] });
    const first = await submit({ capabilities: ['python_3_11', 'node_20'] });
    const second = await submit({ capabilities: ['python_3_11'] });
    const offer = await nextOfType(connection, 'job_assign');
    expect(offer.job_id).toBe(first.id);
    connection.send(acceptMessage(first.id, offer.epoch));
    await nextOfType(connection, 'job_event_ack');
    await noneOfType(connection, 'job_assign', 400);
    expect((await job(second.id)).status).toBe('queued');
    connection.send(heartbeatMessage(1, { active_jobs: 0, queue_depth: 0 }));
    await nextOfType(connection, 'heartbeat_ack');
    // The health shows the control plane's counts (one held, one more it could take), not the heartbeat's.
    await waitUntil(
      async () => dataOf(await api(`/api/agents/${agentId}/health`)) as Record<string, unknown>,
      {
        until: (health) => health.active_jobs === 1 && health.queue_depth === 1,
        message: 'health counts one held job and one it could take',
      },
    );

    connection.send({ type: 'job_capacity', slots: 2, accepting: true });
    expect((await nextOfType(connection, 'job_assign', 5000, (m) => m.job_id !== first.id)).job_id).toBe(
      second.id,
    );
    expect((await job(unmatched.id)).status).toBe('queued');
  });

  it('gives a paused agent nothing new, and shows it as not accepting jobs', async () => {
    const { agentId, connection } = await agent();
    const acceptingShown = async (accepting: boolean) =>
      waitUntil(async () => dataOf(await api(`/api/agents/${agentId}/health`)) as Record<string, unknown>, {
        until: (health) => health.accepting_jobs === accepting && health.job_slots === 4,
        message: `health shows accepting_jobs ${accepting} with 4 slots`,
      });
    connection.send({ type: 'job_capacity', slots: 4, accepting: false });
    connection.send(heartbeatMessage(1, { active_jobs: 0, queue_depth: 0 }));
    await nextOfType(connection, 'heartbeat_ack');
    await acceptingShown(false);
    const submitted = await submit({ agent_id: agentId });
    await noneOfType(connection, 'job_assign', 600);
    connection.send({ type: 'job_capacity', slots: 4, accepting: true });
    expect((await nextOfType(connection, 'job_assign')).job_id).toBe(submitted.id);
    await acceptingShown(true);
  });

  it('reconciles on connect: a lease that stands resumes at the stored offset; a job the agent lost is given back', async () => {
    const { agentId, connection } = await agent();
    const kept = await submit({ agent_id: agentId }, 'kept');
    const { epoch } = await nextOfType(connection, 'job_assign');
    connection.send(startMessage(kept.id, epoch));
    await nextOfType(connection, 'job_event_ack');
    connection.send(logChunk(kept.id, epoch, 0, Buffer.from('abc')));
    await nextOfType(connection, 'job_log_ack');
    connection.send({ type: 'job_capacity', slots: 2, accepting: true });
    const forgottenJob = await submit({ agent_id: agentId }, 'forgotten');
    const offer = await nextOfType(connection, 'job_assign', 5000, (m) => m.job_id === forgottenJob.id);
    connection.send(acceptMessage(forgottenJob.id, offer.epoch));
    await nextOfType(connection, 'job_event_ack');

    connection.send({
      type: 'job_reconcile',
      jobs: [
        { job_id: kept.id, epoch },
        { job_id: 'job_01jq8pr0d01abcdefghjkmnpqr', epoch: 1 },
      ],
    });
    const answer = await nextOfType(connection, 'job_reconcile_result');
    expect(answer.jobs).toEqual([
      { job_id: kept.id, epoch, lease: 'stands', next_offset: 3, cancel: false },
      { job_id: 'job_01jq8pr0d01abcdefghjkmnpqr', epoch: 1, lease: 'void', next_offset: 0, cancel: false },
    ]);
    // Given back at once (never started), and offered again: the agent still has a free slot.
    expect(
      await nextOfType(connection, 'job_assign', 5000, (m) => m.job_id === forgottenJob.id),
    ).toMatchObject({
      attempt: 2,
    });
    expect((await job(kept.id)).status).toBe('running');
  });
});
