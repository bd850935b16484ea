import { AGENT_LIMITS, type AgentStatus } from '../../src-shared/rest/agents.js';
import type {
  AgentDetail,
  AgentHealth,
  AgentSummary,
  ConnectedAgent,
  CreateAgentBody,
  CreatedAgent,
  EnabledAgent,
  RevokedAgent,
} from '../../src-shared/rest/agents.js';
import { AGENT_ID_PATTERN } from '../../src-shared/ids.js';
import { ENROLLMENT_TOKEN_PREFIX } from '../../src-shared/rest/tokens.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { AgentsRepository } from './agents-repository.js';
import type { AgentRow } from '../store/schema.js';
import type { AgentEventBus } from './agent-events.js';
import type { AgentJobCounts } from '../jobs/agent-job-counts.js';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { toAgentDetail, toAgentHealth, toAgentSummary, toConnectedAgent } from './agent-views.js';
import { ApiError } from '../http/api-error.js';
import type { IdFactory } from '../common/id-factory.js';
import { decodeCursor, pageOf } from '../common/page-cursor.js';
import { randomSecret, sha256Hex } from '../common/secrets.js';

export interface EnrollmentTokenPolicy {
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

export interface AgentServiceDeps {
  agents: AgentsRepository;
  audit: AuditTrail;
  events: AgentEventBus;
  ids: IdFactory;
  tokenPolicy: EnrollmentTokenPolicy;
  now: () => number;
  /** The control plane's own job counts, which health shows instead of what the agent reported. */
  jobCounts?: (agentId: string) => Promise<AgentJobCounts>;
}

export interface AgentPage {
  agents: AgentSummary[];
  limit: number;
  nextCursor: string | null;
}

/** `GET /api/agents/connected` counts agents seen within this window (the reference's two minutes). */
export const CONNECTED_WINDOW_MS = 120_000;

/**
 * Every lifecycle change an operator makes goes through here (enrollment and the gateway write their
 * own columns), each with its audit row in the same transaction. Changes that end a live session
 * are announced on the event bus after they are committed.
 */
export class AgentService {
  constructor(private readonly deps: AgentServiceDeps) {}

  async list(query: {
    status?: AgentStatus;
    label?: string;
    limit?: number;
    cursor?: string;
  }): Promise<AgentPage> {
    const limit = query.limit ?? AGENT_LIMITS.listDefault;
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.deps.agents.list({
      status: query.status,
      labelContains: query.label,
      afterId,
      limit: limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, limit);
    return { agents: page.map(toAgentSummary), limit, nextCursor };
  }

  async create(body: CreateAgentBody, actor: AuditActor): Promise<CreatedAgent> {
    const now = this.deps.now();
    const token = this.issueToken(now, body.token_ttl_seconds);
    const id = this.deps.ids.agentId();
    const row = {
      id,
      label: body.label,
      platform: body.platform,
      status: 'pending',
      tags_json: JSON.stringify(body.tags ?? []),
      metadata_json: JSON.stringify(body.metadata ?? {}),
      capabilities_json: '[]',
      enrollment_token_hash: token.hash,
      token_expires_at: token.expiresAt,
      created_at: now,
      updated_at: now,
    };
    await this.deps.audit.change(actor, async (tx) => {
      await this.deps.agents.in(tx).insert(row);
      const detail = { label: body.label, platform: body.platform };
      return { result: undefined, audit: { action: 'agent.created', target: id, detail } };
    });
    return {
      id,
      label: body.label,
      platform: body.platform,
      status: 'pending',
      enrollment_token: token.value,
      token_expires_at: toApiTimestamp(token.expiresAt),
      created_at: toApiTimestamp(now),
    };
  }

  async get(id: string): Promise<AgentDetail> {
    return toAgentDetail(await this.require(id));
  }

  async health(id: string): Promise<AgentHealth> {
    const health = toAgentHealth(await this.require(id), this.deps.now());
    // Before the first heartbeat every metric is null (no_heartbeat), job counts included.
    if (this.deps.jobCounts === undefined || health.heartbeat_at === null) return health;
    const counts = await this.deps.jobCounts(id);
    return {
      ...health,
      active_jobs: counts.activeJobs,
      queue_depth: counts.queueDepth,
      accepting_jobs: counts.acceptingJobs,
      job_slots: counts.slots,
    };
  }

  async connected(): Promise<ConnectedAgent[]> {
    const rows = await this.deps.agents.listConnected(this.deps.now() - CONNECTED_WINDOW_MS);
    return rows.map(toConnectedAgent);
  }

  /** Pending agents may be revoked too: that spends their enrollment token. */
  async revoke(id: string, reason: string | null, actor: AuditActor): Promise<RevokedAgent> {
    const now = this.deps.now();
    await this.deps.audit.change(actor, async (tx) => {
      const agents = this.deps.agents.in(tx);
      const changed = await agents.updateIfStatus(id, ['pending', 'active'], {
        status: 'revoked',
        revoked_at: now,
        revoke_reason: reason,
        // The hash stays (status alone makes the token unusable) so enrollment can answer agent_revoked.
        token_expires_at: null,
        connected_since: null,
        updated_at: now,
      });
      if (!changed) {
        await requireIn(agents, id);
        throw new ApiError('agent_already_revoked', `agent ${id} is already revoked`);
      }
      return { result: undefined, audit: { action: 'agent.revoked', target: id, detail: { reason } } };
    });
    this.deps.events.emit({ type: 'agent.revoked', agentId: id, revokedAt: now, reason });
    return { id, status: 'revoked', revoked_at: toApiTimestamp(now) };
  }

  /** Back to pending with a fresh token: the agent enrolls again with a new key pair. */
  async enable(id: string, tokenTtlSeconds: number | undefined, actor: AuditActor): Promise<EnabledAgent> {
    const now = this.deps.now();
    const token = this.issueToken(now, tokenTtlSeconds);
    await this.deps.audit.change(actor, async (tx) => {
      const agents = this.deps.agents.in(tx);
      const changed = await agents.updateIfStatus(id, ['revoked'], {
        status: 'pending',
        enrollment_token_hash: token.hash,
        token_expires_at: token.expiresAt,
        public_key: null,
        updated_at: now,
      });
      if (!changed) {
        const row = await requireIn(agents, id);
        throw new ApiError(
          'agent_not_revoked',
          `agent ${id} is ${row.status}; only a revoked agent can be enabled`,
        );
      }
      return { result: undefined, audit: { action: 'agent.enabled', target: id } };
    });
    this.deps.events.emit({ type: 'agent.enabled', agentId: id });
    return {
      id,
      status: 'pending',
      enrollment_token: token.value,
      token_expires_at: toApiTimestamp(token.expiresAt),
    };
  }

  async delete(id: string, actor: AuditActor): Promise<void> {
    await this.deps.audit.change(actor, async (tx) => {
      if (!isOurs(id) || !(await this.deps.agents.in(tx).delete(id))) throw notFound(id);
      return { result: undefined, audit: { action: 'agent.deleted', target: id } };
    });
    this.deps.events.emit({ type: 'agent.deleted', agentId: id });
  }

  /** How many agents have each status (for the metrics). */
  statusCounts(): Promise<Map<string, number>> {
    return this.deps.agents.statusCounts();
  }

  private require(id: string): Promise<AgentRow> {
    return requireIn(this.deps.agents, id);
  }

  private issueToken(now: number, requestedTtlSeconds: number | undefined) {
    const { defaultTtlSeconds, maxTtlSeconds } = this.deps.tokenPolicy;
    if (requestedTtlSeconds !== undefined && requestedTtlSeconds > maxTtlSeconds) {
      throw new ApiError('invalid_request', `token_ttl_seconds: must be at most ${maxTtlSeconds}`);
    }
    const value = `${ENROLLMENT_TOKEN_PREFIX}${randomSecret()}`;
    const ttlSeconds = Math.min(requestedTtlSeconds ?? defaultTtlSeconds, maxTtlSeconds);
    return { value, hash: sha256Hex(value), expiresAt: now + ttlSeconds * 1000 };
  }
}

/**
 * Any text may name an agent in a path; one that is not an id of ours names no agent (404, not 400,
 * as for any agent that does not exist), and is never looked up.
 */
function isOurs(id: string): boolean {
  return AGENT_ID_PATTERN.test(id);
}

async function requireIn(agents: AgentsRepository, id: string): Promise<AgentRow> {
  const row = isOurs(id) ? await agents.findById(id) : undefined;
  if (row === undefined) throw notFound(id);
  return row;
}

function notFound(id: string): ApiError {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new ApiError('agent_not_found', `no agent with id ${shown}`);
}
