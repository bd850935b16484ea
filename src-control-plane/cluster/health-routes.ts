import { z } from 'zod';
import { HealthzResponse } from '../../src-shared/rest/agents.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import { defineRoute, type Route } from '../http/route-table.js';
import type { ReadinessAnswer } from './readiness.js';

export interface HealthRoutesDeps {
  now: () => number;
  /** This process among the replicas sharing its database (reported by both health routes). */
  replicaId: string;
  /** Whether this replica is the elected sweeper now (always, alone on SQLite). */
  role: () => 'sweeper' | 'follower';
  readiness: () => Promise<ReadinessAnswer>;
}

const ReplicaHealthz = HealthzResponse.extend({
  replica: z.string().describe('The replica that answered (its --replica-id, or a random id per start).'),
  role: z
    .enum(['sweeper', 'follower'])
    .describe(
      'sweeper: this replica reaps jobs and marks agents of gone replicas offline (one per database).',
    ),
});

const ReadyzResponse = z.object({
  status: z.enum(['ready', 'draining', 'database_unavailable']),
  replica: z.string(),
  database: z.enum(['ok', 'unavailable', 'not_checked']),
});

/**
 * Unauthenticated routes about this replica: liveness (the agent's clock-skew preflight reads
 * `time`) and readiness for a load balancer.
 */
export function healthRoutes(deps: HealthRoutesDeps): Route[] {
  const healthz = defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness and server time',
    auth: false,
    success: { status: 200, description: 'The server is up.', schema: ReplicaHealthz },
    errors: [],
    handle: () =>
      Promise.resolve({
        status: 'ok' as const,
        time: toApiTimestamp(deps.now()),
        replica: deps.replicaId,
        role: deps.role(),
      }),
  });
  const readyz = defineRoute({
    method: 'GET',
    url: '/readyz',
    summary: 'Readiness for a load balancer',
    description:
      'Ready while this replica is not draining (SIGTERM) and its database answers `select 1` promptly.',
    auth: false,
    success: { status: 200, description: 'Send this replica traffic.', schema: ReadyzResponse },
    alsoAnswers: {
      status: 503,
      description: 'Do not: it is draining, or its database does not answer (`status` says which).',
    },
    errors: [],
    handle: async ({ reply }) => {
      const answer = await deps.readiness();
      if (answer.status !== 'ready') void reply.code(503);
      return answer;
    },
  });
  return [healthz, readyz];
}
