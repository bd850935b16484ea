import {
  AgentDetail,
  AgentHealth,
  AgentIdParams,
  AgentSummary,
  ConnectedAgent,
  CreateAgentBody,
  CreatedAgent,
  EnableAgentBody,
  EnabledAgent,
  ListAgentsQuery,
  RevokeAgentBody,
  RevokedAgent,
} from '../../src-shared/rest/agents.js';
import { dataEnvelope, pageEnvelope } from '../../src-shared/rest/envelopes.js';
import type { AgentService } from './agent-service.js';
import { defineRoute, type Route } from '../http/route-table.js';

/** The Pipeline agents routes of the reference (installer and manual-install come with packaging). */
export function agentRoutes(agents: AgentService): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/agents',
      summary: 'List registered agents',
      description: 'Ordered by creation. Follow meta.page.cursor until it is null.',
      auth: { scope: 'agents:read' },
      query: ListAgentsQuery,
      success: { status: 200, description: 'A page of agents.', schema: pageEnvelope(AgentSummary) },
      errors: ['invalid_request', 'invalid_cursor'],
      handle: async ({ query }) => {
        const page = await agents.list(query);
        return { data: page.agents, meta: { page: { limit: page.limit, cursor: page.nextCursor } } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/agents',
      summary: 'Register a new agent',
      description: 'Answers the enrollment token once; only its hash is stored.',
      auth: { scope: 'agents:write' },
      body: CreateAgentBody,
      success: { status: 201, description: 'The new pending agent.', schema: dataEnvelope(CreatedAgent) },
      errors: ['invalid_request'],
      handle: async ({ body, caller }) => ({ data: await agents.create(body, caller) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/agents/connected',
      summary: 'List currently connected agents',
      description: 'Active agents with a live session seen within the last two minutes.',
      auth: { scope: 'agents:read' },
      success: {
        status: 200,
        description: 'Connected agents.',
        schema: dataEnvelope(ConnectedAgent.array()),
      },
      errors: [],
      handle: async () => ({ data: await agents.connected() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/agents/:id',
      summary: 'Get agent details',
      auth: { scope: 'agents:read' },
      params: AgentIdParams,
      success: { status: 200, description: 'The agent.', schema: dataEnvelope(AgentDetail) },
      errors: ['agent_not_found'],
      handle: async ({ params }) => ({ data: await agents.get(params.id) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/agents/:id',
      summary: 'Deregister an agent',
      description: 'Removes the record and its credentials.',
      auth: { scope: 'agents:write' },
      params: AgentIdParams,
      success: { status: 204, description: 'Deleted.' },
      errors: ['agent_not_found'],
      handle: async ({ params, caller }) => {
        await agents.delete(params.id, caller);
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/agents/:id/health',
      summary: 'Get agent health status',
      description:
        'status is no_heartbeat until the first heartbeat (all metrics null), offline after 90 s of ' +
        'silence, else unhealthy, degraded or healthy by the thresholds in the README.',
      auth: { scope: 'agents:read' },
      params: AgentIdParams,
      success: { status: 200, description: 'Latest health.', schema: dataEnvelope(AgentHealth) },
      errors: ['agent_not_found'],
      handle: async ({ params }) => ({ data: await agents.health(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/agents/revoke/:id',
      summary: 'Revoke agent access',
      description: 'Pending or active agents; the record stays for audit. A revoked agent answers 409.',
      auth: { scope: 'agents:write' },
      params: AgentIdParams,
      body: RevokeAgentBody,
      success: { status: 200, description: 'Revoked.', schema: dataEnvelope(RevokedAgent) },
      errors: ['invalid_request', 'agent_not_found', 'agent_already_revoked'],
      handle: async ({ params, body, caller }) => ({
        data: await agents.revoke(params.id, body?.reason ?? null, caller),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/agents/enable/:id',
      summary: 'Re-enable a revoked agent',
      description: 'Back to pending with a fresh enrollment token (older tokens stop working).',
      auth: { scope: 'agents:write' },
      params: AgentIdParams,
      body: EnableAgentBody,
      success: { status: 200, description: 'Pending again.', schema: dataEnvelope(EnabledAgent) },
      errors: ['invalid_request', 'agent_not_found', 'agent_not_revoked'],
      handle: async ({ params, body, caller }) => ({
        data: await agents.enable(params.id, body?.token_ttl_seconds, caller),
      }),
    }),
  ];
}
