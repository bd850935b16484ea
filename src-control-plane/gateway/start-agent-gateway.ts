import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SessionJobs } from '../jobs/session-jobs.js';
import type { AgentEventBus } from '../services/agent-events.js';
import type { StoreSchema } from '../store/schema.js';
import { AgentGateway } from './agent-gateway.js';
import { TrustedProxies } from './client-address.js';
import { KyselySessionStore } from './kysely-session-store.js';

export interface StartAgentGatewayOptions {
  server: Server;
  db: Kysely<StoreSchema>;
  events: AgentEventBus;
  logger: Logger;
  heartbeatIntervalSeconds: number;
  trustedProxies: readonly string[];
  now: () => number;
  jobs?: SessionJobs;
}

/**
 * The gateway wired into a control plane: its store over the agents table, its upgrade handler on
 * the HTTP server, and the agent service's revoke and delete events closing live sessions.
 */
export function startAgentGateway(options: StartAgentGatewayOptions): AgentGateway {
  const gateway = new AgentGateway({
    store: new KyselySessionStore(options.db),
    log: options.logger.child({ component: 'agent-gateway' }),
    trustedProxies: new TrustedProxies(options.trustedProxies),
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    clock: options.now,
    jobs: options.jobs,
  });
  options.events.on('agent.revoked', (event) => gateway.terminate(event.agentId, 'revoked'));
  options.events.on('agent.deleted', (event) => gateway.terminate(event.agentId, 'deregistered'));
  gateway.attach(options.server);
  return gateway;
}
