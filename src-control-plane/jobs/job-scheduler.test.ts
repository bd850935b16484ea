import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../common/event-bus.js';
import { createIdFactory } from '../common/id-factory.js';
import { openStore, type Store } from '../store/database.js';
import type { JobChange } from './job-changes.js';
import { FileJobLogStore } from './file-job-log-store.js';
import { JobScheduler } from './job-scheduler.js';
import { AuditRepository } from '../audit/audit-repository.js';
import { AuditTrail, CLI_ACTOR } from '../audit/audit-trail.js';
import { JobService } from './job-service.js';
import { JobsRepository } from './jobs-repository.js';
import { jobsDb } from './jobs-tables.js';

let dir: string;
let store: Store;
let clock: number;
let live: string[];
let events: JobChange[];
let repository: JobsRepository;
let service: JobService;
let scheduler: JobScheduler;
const policy = { acceptTimeoutMs: 30_000, leaseMs: 60_000, maxAttempts: 2 };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plnx-scheduler-'));
  store = await openStore(dir);
  clock = Date.UTC(2026, 0, 1);
  live = [];
  events = [];
  const bus = new EventBus<JobChange>((error) => {
    throw error;
  });
  for (const type of ['job.queued', 'job.assigned', 'job.finished', 'job.cancel_requested'] as const) {
    bus.on(type, (event) => events.push(event));
  }
  repository = new JobsRepository(jobsDb(store.db));
  const now = () => clock;
  const ids = createIdFactory(now);
  service = new JobService({
    jobs: repository,
    audit: new AuditTrail({ repository: new AuditRepository(store.db), ids, now, log: console }),
    logs: new FileJobLogStore(join(dir, 'logs')),
    events: bus,
    ids,
    now,
  });
  scheduler = new JobScheduler({
    jobs: repository,
    events: bus,
    policy,
    liveAgents: () => live,
    now,
    log: { error: (fields: unknown) => expect.fail(JSON.stringify(fields)) },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let agentSeq = 0;
async function addAgent(fields: { status?: string; tags?: string[]; capabilities?: string[] } = {}) {
  agentSeq += 1;
  const id = `agt_01jq8pr0d01abcdefghjkm${String(agentSeq).padStart(4, '0')}`;
  await store.db
    .insertInto('agents')
    .values({
      id,
      label: id,
      platform: 'linux',
      status: fields.status ?? 'active',
      tags_json: JSON.stringify(fields.tags ?? []),
      metadata_json: '{}',
      capabilities_json: JSON.stringify(fields.capabilities ?? []),
      created_at: clock,
      updated_at: clock,
    })
    .execute();
  live.push(id);
  return id;
}

const submit = (
  target: { agent_id: string } | { tags?: string[]; capabilities?: string[] } = { tags: ['any'] },
) => service.create({ name: 'build', steps: [{ name: 's', run: 'true' }], target }, CLI_ACTOR);

/** A job assigned to the live agent and reported started, with its lease running until `leaseUntil`. */
async function startedJob(leaseUntil: number) {
  const job = await submit();
  await pass();
  const row = await repository.findById(job.id);
  await repository.transition(
    job.id,
    { statuses: ['assigned'], epoch: row?.epoch ?? 0 },
    { status: 'running', accepted_at: clock, started_at: clock, lease_expires_at: leaseUntil },
  );
  return job;
}

async function pass() {
  await scheduler.kick();
}

describe('JobScheduler', () => {
  it('gives a live agent one job until it advertises more slots', async () => {
    const agent = await addAgent({ tags: ['any'] });
    const [a, b] = [await submit(), await submit()];
    await pass();
    expect((await service.get(a.id)).status).toBe('assigned');
    expect((await service.get(b.id)).status).toBe('queued');
    await repository.setSlots(agent, 2, true, clock);
    await pass();
    expect(await service.get(b.id)).toMatchObject({ status: 'assigned', agent_id: agent });
    expect(events.filter((e) => e.type === 'job.assigned')).toHaveLength(2);
  });

  it('offers nothing to paused, revoked or disconnected agents', async () => {
    const paused = await addAgent({ tags: ['any'] });
    await repository.setSlots(paused, 4, false, clock);
    await addAgent({ status: 'revoked', tags: ['any'] });
    const offline = await addAgent({ tags: ['any'] });
    live = live.filter((id) => id !== offline);
    const job = await submit();
    await pass();
    expect((await service.get(job.id)).status).toBe('queued');
  });

  it('matches tags and capabilities, and a named agent only', async () => {
    const plain = await addAgent({ tags: ['env:prod'] });
    const spark = await addAgent({ tags: ['env:prod'], capabilities: ['spark'] });
    const wantsSpark = await submit({ tags: ['env:prod'], capabilities: ['spark'] });
    const named = await submit({ agent_id: plain });
    await pass();
    expect((await service.get(wantsSpark.id)).agent_id).toBe(spark);
    expect((await service.get(named.id)).agent_id).toBe(plain);
  });

  it('requeues an offer not accepted by its deadline, with the next attempt and a new epoch', async () => {
    await addAgent({ tags: ['any'] });
    const job = await submit();
    await pass();
    const first = await repository.findById(job.id);
    clock += policy.acceptTimeoutMs;
    await pass();
    expect((await service.get(job.id)).status).toBe('assigned');
    clock += 1;
    await scheduler.reap();
    expect(await service.get(job.id)).toMatchObject({ status: 'queued', attempt: 2, agent_id: null });
    await scheduler.assignQueued();
    const second = await repository.findById(job.id);
    expect(second?.epoch).toBe((first?.epoch ?? 0) + 1);
    clock += policy.acceptTimeoutMs + 1;
    await scheduler.reap();
    expect(await service.get(job.id)).toMatchObject({ status: 'lost', attempt: 2 });
  });

  it('marks a started job lost once heartbeats stop renewing its lease', async () => {
    const agent = await addAgent({ tags: ['any'] });
    const job = await startedJob(clock + policy.leaseMs);
    clock += policy.leaseMs - 1;
    await repository.renewLeases(agent, clock + policy.leaseMs);
    clock += policy.leaseMs;
    await pass();
    expect((await service.get(job.id)).status).toBe('running');
    clock += 2;
    await pass();
    const lost = await service.get(job.id);
    expect(lost).toMatchObject({ status: 'lost', attempt: 1 });
    expect(lost.error).toContain('lease expired');
    expect(events.at(-1)).toEqual({ type: 'job.finished', jobId: job.id, agentId: agent });
  });

  it('cancels a queued job at once and a held one by request; a finished one is a conflict', async () => {
    const agent = await addAgent({ tags: ['any'] });
    const held = await submit();
    await pass();
    const queued = await submit();
    expect((await service.cancel(queued.id, CLI_ACTOR)).status).toBe('cancelled');
    const marked = await service.cancel(held.id, CLI_ACTOR);
    expect(marked).toMatchObject({ status: 'assigned', cancel_requested: true });
    expect(await service.cancel(held.id, CLI_ACTOR)).toMatchObject({ cancel_requested: true });
    expect(events.filter((e) => e.type === 'job.cancel_requested')).toEqual([
      { type: 'job.cancel_requested', jobId: held.id, agentId: agent, epoch: 1 },
    ]);
    await expect(service.cancel(queued.id, CLI_ACTOR)).rejects.toMatchObject({ code: 'job_finished' });
    clock += policy.acceptTimeoutMs + 1;
    await scheduler.reap();
    expect((await service.get(held.id)).status).toBe('cancelled');
  });

  it('gives held jobs a fresh lease on its first pass after a restart, then reaps as usual', async () => {
    await addAgent({ tags: ['any'] });
    const job = await startedJob(clock + 1);
    clock += 10 * policy.leaseMs; // the server was down far longer than a lease
    const restarted = new JobScheduler({
      jobs: repository,
      events: new EventBus<JobChange>(() => undefined),
      policy,
      liveAgents: () => live,
      now: () => clock,
      log: { error: () => undefined },
    });
    await restarted.kick();
    expect((await service.get(job.id)).status).toBe('running');
    clock += policy.leaseMs + 1;
    await restarted.kick();
    expect((await service.get(job.id)).status).toBe('lost');
  });
});
