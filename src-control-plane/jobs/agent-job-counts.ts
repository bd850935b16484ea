import type { JobsRepository } from './jobs-repository.js';
import { isEligible } from './scheduler-rules.js';

export interface AgentJobCounts {
  /** Jobs the agent holds: offered, accepted or running. */
  activeJobs: number;
  /** Queued jobs this agent could take (named it, or it has every tag and capability asked). */
  queueDepth: number;
  /** What the agent last advertised (`job_capacity`): false while paused; null before it said. */
  acceptingJobs: boolean | null;
  slots: number | null;
}

/** Bounds the queue scan of one health read; a deeper queue reports this many. */
const QUEUE_SCAN = 10_000;

/** The true counts for `GET /api/agents/{id}/health`, from the jobs table rather than the agent. */
export async function agentJobCounts(jobs: JobsRepository, agentId: string): Promise<AgentJobCounts> {
  const [held, facts, queued] = await Promise.all([
    jobs.heldBy(agentId),
    jobs.agentFacts([agentId]),
    jobs.queued(QUEUE_SCAN),
  ]);
  const agent = facts[0];
  if (agent === undefined)
    return { activeJobs: held.length, queueDepth: 0, acceptingJobs: null, slots: null };
  const candidate = {
    id: agent.id,
    tags: JSON.parse(agent.tags_json) as string[],
    capabilities: JSON.parse(agent.capabilities_json) as string[],
    slots: 1,
    accepting: true,
    activeJobs: held.length,
  };
  const queueDepth = queued.filter((row) =>
    isEligible(
      {
        id: row.id,
        targetAgentId: row.target_agent_id,
        tags: JSON.parse(row.target_tags_json) as string[],
        capabilities: JSON.parse(row.target_capabilities_json) as string[],
      },
      candidate,
    ),
  ).length;
  return {
    activeJobs: held.length,
    queueDepth,
    acceptingJobs: agent.accepting === null ? null : agent.accepting === 1,
    slots: agent.slots,
  };
}
