import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { GatewayJobs } from '../jobs/gateway-jobs.js';
import type { AgentEventBus } from '../agents/agent-events.js';
import type { StoreDialect } from '../store/database.js';
import type { StoreSchema } from '../store/schema.js';
import { AgentGateway } from './agent-gateway.js';
import { TrustedProxies } from './client-address.js';
import { SessionRepository } from './session-repository.js';

export interface StartAgentGatewayOptions {
  server: Server;
  db: Kysely<StoreSchema>;
  dialect: StoreDialect;
  /** This replica: the agents rows it claims name it. */
  replicaId: string;
  events: AgentEventBus;
  logger: Logger;
  heartbeatIntervalSeconds: number;
  trustedProxies: readonly string[];
  now: () => number;
  jobs?: GatewayJobs;
  onHeartbeat?: () => void;
}

/**
 * The gateway wired into a control plane: its store over the agents table, its upgrade handler on
 * the HTTP server, the agent service's revoke and delete events closing live sessions, and session
 * claims announced (for other replicas) and obeyed (from other replicas: the older session closes).
 */
export function startAgentGateway(options: StartAgentGatewayOptions): AgentGateway {
  const gateway = new AgentGateway({
    store: new SessionRepository(options.db, options.dialect, options.replicaId),
    log: options.logger.child({ component: 'agent-gateway' }),
    trustedProxies: new TrustedProxies(options.trustedProxies),
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    clock: options.now,
    jobs: options.jobs,
    onHeartbeat: options.onHeartbeat,
    onClaimed: (agentId, sessionId, epoch) =>
      options.events.emit({ type: 'agent.session_claimed', agentId, sessionId, epoch }),
  });
  options.events.on('agent.revoked', (event) => gateway.terminate(event.agentId, 'revoked'));
  options.events.on('agent.deleted', (event) => gateway.terminate(event.agentId, 'deregistered'));
  // Claims from other replicas arrive through the cluster relay; this replica's own are no-ops here.
  options.events.on('agent.session_claimed', (event) =>
    gateway.supersedeOlder(event.agentId, event.sessionId, event.epoch),
  );
  gateway.attach(options.server);
  return gateway;
}
