import type { Logger } from 'pino';
import type { JobChangeBus } from './job-changes.js';
import type { JobsRepository } from './jobs-repository.js';
import type { JobRow } from './jobs-tables.js';
import {
  DEFAULT_SLOTS,
  forgottenDecision,
  planAssignments,
  releaseDecision,
  type AgentCandidate,
  type HeldJobFacts,
  type ReleaseDecision,
  type SchedulerPolicy,
} from './scheduler-rules.js';

/**
 * Whether this control plane sweeps (reaps expired accepts and leases). With several replicas only
 * the elected one does; a single process always does.
 */
export interface SweeperRole {
  /** Null while another replica sweeps; otherwise a number that changes each time this one is elected. */
  term(): number | null;
  /**
   * True when nobody could renew leases before this term (the first replica after a full outage, or
   * a single process starting): held leases then start afresh instead of being reaped at once.
   */
  takeStartGrace(): Promise<boolean>;
}

/** A single control plane: always the sweeper, and every start follows an outage. */
export const SOLE_SWEEPER: SweeperRole = { term: () => 1, takeStartGrace: () => Promise.resolve(true) };

export interface JobSchedulerDeps {
  jobs: JobsRepository;
  events: JobChangeBus;
  policy: SchedulerPolicy;
  /** Agents with a live session on this control plane: only they are offered work. */
  liveAgents: () => readonly string[];
  now: () => number;
  log: Pick<Logger, 'error'>;
  /** Default: SOLE_SWEEPER. */
  sweeper?: SweeperRole;
}

/** Queued jobs looked at per pass; the next pass (kicked or on the reaper's tick) takes the rest. */
const QUEUE_SCAN = 500;

/**
 * Applies the rules of `scheduler-rules.ts` to the store: `assignQueued` offers queued jobs to live
 * agents with free slots; `reap` gives back jobs whose accept deadline or lease ran out. Passes run
 * one at a time: a kick during a pass runs one more pass after it, so no change is missed and no two
 * passes plan over the same free slot.
 */
export class JobScheduler {
  private running: Promise<void> | null = null;
  private again = false;
  /** The sweeper term whose start grace was settled. */
  private gracedTerm: number | null = null;

  constructor(private readonly deps: JobSchedulerDeps) {}

  /** Runs a pass soon; resolves when the passes it caused are done. */
  kick(): Promise<void> {
    this.again = true;
    this.running ??= this.loop().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves once no pass is running (shutdown waits for it). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    // Bounded: `again` is only set by a kick that happened during the previous pass.
    while (this.again) {
      this.again = false;
      try {
        const term = (this.deps.sweeper ?? SOLE_SWEEPER).term();
        if (term !== null) {
          if (term !== this.gracedTerm) await this.settleStartGrace(term);
          await this.reap();
        }
        await this.assignQueued();
      } catch (error) {
        this.deps.log.error({ err: error }, 'scheduling pass failed');
      }
    }
  }

  async assignQueued(): Promise<void> {
    const live = this.deps.liveAgents();
    if (live.length === 0) return;
    const queued = await this.deps.jobs.queued(QUEUE_SCAN);
    if (queued.length === 0) return;
    const [facts, held] = await Promise.all([this.deps.jobs.agentFacts(live), this.deps.jobs.heldCounts()]);
    const agents: AgentCandidate[] = facts.map((agent) => ({
      id: agent.id,
      tags: JSON.parse(agent.tags_json) as string[],
      capabilities: JSON.parse(agent.capabilities_json) as string[],
      slots: agent.slots ?? DEFAULT_SLOTS,
      accepting: agent.accepting === null ? true : agent.accepting === 1,
      activeJobs: held.get(agent.id) ?? 0,
    }));
    const byId = new Map(queued.map((row) => [row.id, row]));
    const plan = planAssignments(
      queued.map((row) => ({
        id: row.id,
        targetAgentId: row.target_agent_id,
        tags: JSON.parse(row.target_tags_json) as string[],
        capabilities: JSON.parse(row.target_capabilities_json) as string[],
      })),
      agents,
    );
    for (const { jobId, agentId } of plan) {
      const row = byId.get(jobId);
      if (row === undefined) continue;
      const now = this.deps.now();
      const epoch = row.epoch + 1;
      const assigned = await this.deps.jobs.transition(
        jobId,
        { statuses: ['queued'], epoch: row.epoch },
        {
          status: 'assigned',
          agent_id: agentId,
          epoch,
          assigned_at: now,
          accept_deadline: now + this.deps.policy.acceptTimeoutMs,
          accepted_at: null,
          lease_expires_at: null,
          updated_at: now,
        },
      );
      // A queued row's updated_at is when it entered the queue: nothing else writes it while queued.
      const queuedMs = Math.max(0, now - row.updated_at);
      if (assigned) this.deps.events.emit({ type: 'job.assigned', jobId, agentId, epoch, queuedMs });
    }
  }

  /**
   * Leases could not be renewed while no control plane was up: they all start afresh now. Never
   * when another replica was alive (its agents' leases are current; extending would stretch them).
   */
  private async settleStartGrace(term: number): Promise<void> {
    if (await (this.deps.sweeper ?? SOLE_SWEEPER).takeStartGrace()) {
      const now = this.deps.now();
      await this.deps.jobs.extendAllHeld(
        now + this.deps.policy.leaseMs,
        now + this.deps.policy.acceptTimeoutMs,
      );
    }
    this.gracedTerm = term;
  }

  /** Gives back every held job whose accept deadline or lease has passed. */
  async reap(): Promise<void> {
    const now = this.deps.now();
    for (const row of await this.deps.jobs.dueForRelease(now)) {
      await this.apply(row, releaseDecision(heldFacts(row), now, this.deps.policy));
    }
  }

  /** The agent reconnected without these jobs (reconcile): accepted ones are given back now. */
  async forget(rows: readonly JobRow[]): Promise<void> {
    for (const row of rows) {
      if (row.accepted_at === null && row.status === 'assigned') continue; // still on offer: re-sent
      await this.apply(row, forgottenDecision(heldFacts(row), this.deps.policy));
    }
  }

  private async apply(row: JobRow, decision: ReleaseDecision): Promise<void> {
    if (decision.kind === 'keep') return;
    const now = this.deps.now();
    const from = { statuses: [row.status], epoch: row.epoch };
    if (decision.kind === 'requeue') {
      const done = await this.deps.jobs.transition(row.id, from, {
        status: 'queued',
        agent_id: null,
        attempt: row.attempt + 1,
        assigned_at: null,
        accept_deadline: null,
        accepted_at: null,
        lease_expires_at: null,
        updated_at: now,
      });
      if (done) {
        this.deps.events.emit({ type: 'job.queued', jobId: row.id, fromAgentId: row.agent_id ?? undefined });
        this.again = true;
      }
      return;
    }
    const done = await this.deps.jobs.transition(row.id, from, {
      status: decision.kind,
      error: decision.kind === 'lost' ? decision.reason : null,
      lease_expires_at: null,
      finished_at: now,
      updated_at: now,
    });
    if (done) this.deps.events.emit({ type: 'job.finished', jobId: row.id, agentId: row.agent_id });
  }
}

function heldFacts(row: JobRow): HeldJobFacts {
  return {
    status: row.status === 'running' ? 'running' : 'assigned',
    acceptedAt: row.accepted_at,
    acceptDeadline: row.accept_deadline,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequested: row.cancel_requested_at !== null,
    attempt: row.attempt,
  };
}
