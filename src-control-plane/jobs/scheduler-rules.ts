/**
 * The dispatch rules, as pure functions of plain facts and a time: which agent may take which job,
 * which queued jobs go where now, and what happens to a job whose accept deadline or lease ran out.
 * `job-scheduler.ts` applies them to the store.
 */

/** Slots an agent has until it advertises its own. */
export const DEFAULT_SLOTS = 1;

export interface SchedulerPolicy {
  /** An assignment not accepted within this goes back to the queue. */
  acceptTimeoutMs: number;
  /** A lease not renewed (by a heartbeat) within this expires. */
  leaseMs: number;
  /** A job that has gone back to the queue this often without starting is given up as lost. */
  maxAttempts: number;
}

export interface AgentCandidate {
  id: string;
  tags: readonly string[];
  capabilities: readonly string[];
  slots: number;
  /** False while the agent is paused. */
  accepting: boolean;
  /** Jobs it holds now (assigned or running). */
  activeJobs: number;
}

export interface JobDemand {
  id: string;
  targetAgentId: string | null;
  tags: readonly string[];
  capabilities: readonly string[];
}

/** The named agent, or an agent with every tag and every capability the job asks for. */
export function isEligible(job: JobDemand, agent: AgentCandidate): boolean {
  if (!agent.accepting) return false;
  if (job.targetAgentId !== null) return agent.id === job.targetAgentId;
  return (
    job.tags.every((tag) => agent.tags.includes(tag)) &&
    job.capabilities.every((capability) => agent.capabilities.includes(capability))
  );
}

export interface PlannedAssignment {
  jobId: string;
  agentId: string;
}

/**
 * Oldest job first; each goes to the eligible agent with the most free slots (ties: lowest id, so
 * the plan is deterministic). A job no agent can take now stays queued and does not block the
 * jobs behind it.
 */
export function planAssignments(
  jobs: readonly JobDemand[],
  agents: readonly AgentCandidate[],
): PlannedAssignment[] {
  const load = new Map(agents.map((agent) => [agent.id, agent.activeJobs]));
  const plan: PlannedAssignment[] = [];
  for (const job of jobs) {
    let best: AgentCandidate | null = null;
    let bestFree = 0;
    for (const agent of agents) {
      const free = agent.slots - (load.get(agent.id) ?? 0);
      if (free <= 0 || !isEligible(job, agent)) continue;
      if (best === null || free > bestFree || (free === bestFree && agent.id < best.id)) {
        best = agent;
        bestFree = free;
      }
    }
    if (best === null) continue;
    load.set(best.id, (load.get(best.id) ?? 0) + 1);
    plan.push({ jobId: job.id, agentId: best.id });
  }
  return plan;
}

export interface HeldJobFacts {
  status: 'assigned' | 'running';
  acceptedAt: number | null;
  acceptDeadline: number | null;
  leaseExpiresAt: number | null;
  cancelRequested: boolean;
  attempt: number;
}

export type ReleaseDecision =
  { kind: 'keep' } | { kind: 'requeue' } | { kind: 'cancelled' } | { kind: 'lost'; reason: string };

/**
 * What becomes of a held job now. The rule (README, jobs section):
 * - not accepted by its deadline, or accepted but its lease expired before it started: nothing ran,
 *   so it goes back to the queue with attempt + 1 (cancelled instead if a cancel was asked; lost once
 *   it has been tried `maxAttempts` times);
 * - started and its lease expired: its steps may have had effects, so it is not run again: `lost`.
 */
export function releaseDecision(job: HeldJobFacts, now: number, policy: SchedulerPolicy): ReleaseDecision {
  const acceptMissed = job.acceptedAt === null && job.acceptDeadline !== null && now > job.acceptDeadline;
  const leaseExpired = job.acceptedAt !== null && job.leaseExpiresAt !== null && now > job.leaseExpiresAt;
  if (!acceptMissed && !leaseExpired) return { kind: 'keep' };
  const why = acceptMissed ? 'the agent did not accept it in time' : 'its lease expired';
  return giveBack(job, policy, why);
}

/** A held job its agent no longer has (it said so at reconcile): the same rule, effective now. */
export function forgottenDecision(job: HeldJobFacts, policy: SchedulerPolicy): ReleaseDecision {
  return giveBack(job, policy, 'its agent reconnected without it');
}

function giveBack(job: HeldJobFacts, policy: SchedulerPolicy, why: string): ReleaseDecision {
  if (job.status === 'running') return { kind: 'lost', reason: `lost after it started: ${why}` };
  if (job.cancelRequested) return { kind: 'cancelled' };
  if (job.attempt >= policy.maxAttempts) {
    return { kind: 'lost', reason: `${why}, and it was tried ${job.attempt} times` };
  }
  return { kind: 'requeue' };
}
