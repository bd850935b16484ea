import { describe, expect, it } from 'vitest';
import {
  forgottenDecision,
  isEligible,
  planAssignments,
  releaseDecision,
  type AgentCandidate,
  type HeldJobFacts,
  type JobDemand,
  type SchedulerPolicy,
} from './scheduler-rules.js';

const agent = (id: string, fields: Partial<AgentCandidate> = {}): AgentCandidate => ({
  id,
  tags: [],
  capabilities: [],
  slots: 1,
  accepting: true,
  activeJobs: 0,
  ...fields,
});
const job = (id: string, fields: Partial<JobDemand> = {}): JobDemand => ({
  id,
  targetAgentId: null,
  tags: [],
  capabilities: [],
  ...fields,
});
const policy: SchedulerPolicy = { acceptTimeoutMs: 30_000, leaseMs: 60_000, maxAttempts: 3 };

describe('eligibility', () => {
  it('takes only the named agent when the job names one', () => {
    expect(isEligible(job('j', { targetAgentId: 'a' }), agent('a'))).toBe(true);
    expect(isEligible(job('j', { targetAgentId: 'a' }), agent('b'))).toBe(false);
  });

  it('needs every tag and every capability, not just some', () => {
    const wanted = job('j', { tags: ['env:prod', 'region:eu'], capabilities: ['python_3_11'] });
    const full = agent('a', {
      tags: ['env:prod', 'region:eu', 'x'],
      capabilities: ['python_3_11', 'docker'],
    });
    expect(isEligible(wanted, full)).toBe(true);
    expect(isEligible(wanted, { ...full, tags: ['env:prod'] })).toBe(false);
    expect(isEligible(wanted, { ...full, capabilities: ['docker'] })).toBe(false);
  });

  it('never offers work to a paused agent, even the named one', () => {
    expect(isEligible(job('j', { targetAgentId: 'a' }), agent('a', { accepting: false }))).toBe(false);
  });
});

describe('planAssignments', () => {
  it('fills free slots oldest job first and leaves the rest queued', () => {
    const plan = planAssignments([job('j1'), job('j2'), job('j3')], [agent('a', { slots: 2 })]);
    expect(plan).toEqual([
      { jobId: 'j1', agentId: 'a' },
      { jobId: 'j2', agentId: 'a' },
    ]);
  });

  it('counts jobs the agent already holds against its slots', () => {
    expect(planAssignments([job('j1')], [agent('a', { slots: 2, activeJobs: 2 })])).toEqual([]);
  });

  it('spreads work to the agent with the most free slots', () => {
    const plan = planAssignments(
      [job('j1'), job('j2'), job('j3')],
      [agent('a', { slots: 2 }), agent('b', { slots: 3, activeJobs: 0 })],
    );
    expect(plan.map((p) => p.agentId)).toEqual(['b', 'a', 'b']);
  });

  it('does not let a job nobody can run block the jobs behind it', () => {
    const plan = planAssignments([job('j1', { capabilities: ['spark'] }), job('j2')], [agent('a')]);
    expect(plan).toEqual([{ jobId: 'j2', agentId: 'a' }]);
  });
});

const held = (fields: Partial<HeldJobFacts> = {}): HeldJobFacts => ({
  status: 'assigned',
  acceptedAt: null,
  acceptDeadline: 1_000,
  leaseExpiresAt: null,
  cancelRequested: false,
  attempt: 1,
  ...fields,
});

describe('releaseDecision', () => {
  it('keeps an offer until its accept deadline has passed, then requeues it', () => {
    expect(releaseDecision(held(), 1_000, policy)).toEqual({ kind: 'keep' });
    expect(releaseDecision(held(), 1_001, policy)).toEqual({ kind: 'requeue' });
  });

  it('keeps an accepted job while its lease stands', () => {
    const accepted = held({ acceptedAt: 500, leaseExpiresAt: 5_000 });
    expect(releaseDecision(accepted, 4_000, policy)).toEqual({ kind: 'keep' });
    expect(releaseDecision(accepted, 5_001, policy)).toEqual({ kind: 'requeue' });
  });

  it('marks a started job lost when its lease expires: it is never run twice', () => {
    const running = held({ status: 'running', acceptedAt: 500, leaseExpiresAt: 5_000 });
    expect(releaseDecision(running, 5_001, policy)).toMatchObject({ kind: 'lost' });
  });

  it('cancels instead of requeueing when a cancel was asked', () => {
    expect(releaseDecision(held({ cancelRequested: true }), 2_000, policy)).toEqual({ kind: 'cancelled' });
  });

  it('gives up as lost after maxAttempts', () => {
    const decision = releaseDecision(held({ attempt: 3 }), 2_000, policy);
    expect(decision).toMatchObject({ kind: 'lost' });
    expect(decision.kind === 'lost' && decision.reason).toContain('tried 3 times');
  });

  it('applies the same rule at once to a job the agent reconnected without', () => {
    expect(forgottenDecision(held({ acceptedAt: 1 }), policy)).toEqual({ kind: 'requeue' });
    expect(forgottenDecision(held({ status: 'running', acceptedAt: 1 }), policy)).toMatchObject({
      kind: 'lost',
    });
  });
});
