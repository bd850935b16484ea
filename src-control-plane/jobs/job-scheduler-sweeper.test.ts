import { describe, expect, it } from 'vitest';
import { EventBus } from '../common/event-bus.js';
import type { JobChange } from './job-changes.js';
import { JobScheduler, type SweeperRole } from './job-scheduler.js';
import type { JobsRepository } from './jobs-repository.js';

/** What the scheduler asked of the store, in order (no agents are live, so it never assigns). */
function recordingJobs(calls: string[]): JobsRepository {
  const fake: Pick<JobsRepository, 'dueForRelease' | 'extendAllHeld' | 'queued'> = {
    dueForRelease: () => {
      calls.push('reap');
      return Promise.resolve([]);
    },
    extendAllHeld: () => {
      calls.push('grace');
      return Promise.resolve();
    },
    queued: () => Promise.resolve([]),
  };
  return fake as JobsRepository;
}

function scheduler(calls: string[], sweeper?: SweeperRole) {
  return new JobScheduler({
    jobs: recordingJobs(calls),
    events: new EventBus<JobChange>(() => undefined),
    policy: { acceptTimeoutMs: 30_000, leaseMs: 60_000, maxAttempts: 2 },
    liveAgents: () => [],
    now: () => 1_000,
    log: { error: (fields: unknown) => expect.fail(JSON.stringify(fields)) },
    sweeper,
  });
}

function role(terms: Array<number | null>, grace: boolean[]) {
  const asked: string[] = [];
  let pass = 0;
  const sweeper: SweeperRole = {
    term: () => terms[Math.min(pass++, terms.length - 1)] ?? null,
    takeStartGrace: () => {
      asked.push('takeStartGrace');
      return Promise.resolve(grace.shift() ?? false);
    },
  };
  return { sweeper, asked };
}

describe('JobScheduler as one of several replicas', () => {
  it('never reaps nor extends leases while another replica is the sweeper', async () => {
    const calls: string[] = [];
    const { sweeper, asked } = role([null], []);
    const s = scheduler(calls, sweeper);
    await s.kick();
    await s.kick();
    expect(calls).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('extends leases once, before its first reap, when its term starts after a full outage', async () => {
    const calls: string[] = [];
    const { sweeper, asked } = role([1], [true]);
    const s = scheduler(calls, sweeper);
    await s.kick();
    await s.kick();
    expect(calls).toEqual(['grace', 'reap', 'reap']);
    expect(asked).toEqual(['takeStartGrace']);
  });

  it('reaps without a grace when another replica was alive, and asks again in a new term', async () => {
    const calls: string[] = [];
    const { sweeper, asked } = role([1, 1, null, 2], [false, false]);
    const s = scheduler(calls, sweeper);
    for (let i = 0; i < 4; i++) await s.kick();
    expect(calls).toEqual(['reap', 'reap', 'reap']);
    expect(asked).toEqual(['takeStartGrace', 'takeStartGrace']);
  });

  it('alone (no role given) is the sweeper and extends leases on its first pass only', async () => {
    const calls: string[] = [];
    const s = scheduler(calls);
    await s.kick();
    await s.kick();
    expect(calls).toEqual(['grace', 'reap', 'reap']);
  });
});
