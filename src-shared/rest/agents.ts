import { z } from 'zod';
import { AgentId } from '../ids.js';
import { API_TIMESTAMP_PATTERN } from '../time.js';
import { ENROLLMENT_TOKEN_PATTERN } from './tokens.js';

/**
 * The Pipeline agents resources of the published Planasonix API (`docs/api.md`), as the control
 * plane validates requests and shapes answers, and as clients may validate what they receive.
 */
export const AGENT_LIMITS = {
  labelMax: 200,
  tagsMax: 50,
  tagMax: 100,
  metadataKeysMax: 50,
  metadataKeyMax: 100,
  metadataValueMax: 1000,
  reasonMax: 500,
  listDefault: 50,
  listMax: 200,
  cursorMax: 200,
  tokenTtlMinSeconds: 60,
} as const;

export const AgentStatus = z.enum(['pending', 'active', 'revoked']);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentPlatform = z.enum(['linux', 'windows', 'macos']);
export type AgentPlatform = z.infer<typeof AgentPlatform>;

/** See the control plane README for the rule that picks one. */
export const HealthStatus = z.enum(['healthy', 'degraded', 'unhealthy', 'offline', 'no_heartbeat']);
export type HealthStatus = z.infer<typeof HealthStatus>;

const Timestamp = z.string().regex(API_TIMESTAMP_PATTERN, 'must be an ISO-8601 UTC timestamp ending in Z');
const EnrollmentToken = z.string().regex(ENROLLMENT_TOKEN_PATTERN);
const MetadataValue = z.union(
  [
    z
      .string()
      .max(AGENT_LIMITS.metadataValueMax, `must be at most ${AGENT_LIMITS.metadataValueMax} characters`),
    z.number(),
    z.boolean(),
    z.null(),
  ],
  { error: 'must be a string, number, boolean or null' },
);
const Metadata = z.record(
  z
    .string()
    .min(1)
    .max(AGENT_LIMITS.metadataKeyMax, `must be at most ${AGENT_LIMITS.metadataKeyMax} characters`),
  MetadataValue,
);
const TokenTtlSeconds = z
  .number()
  .int('must be a whole number of seconds')
  .min(AGENT_LIMITS.tokenTtlMinSeconds, `must be at least ${AGENT_LIMITS.tokenTtlMinSeconds}`)
  .describe(
    'Ask for an enrollment token that expires sooner than the server default (at most the server maximum).',
  );

/**
 * An agent id in a path. Any text is accepted: one that is not an id of ours (such as the
 * reference's `agt_01jq8prod01`) names no agent, and answers 404 `agent_not_found` like any agent
 * that does not exist.
 */
export const AgentIdPathParam = z
  .string()
  .describe('The agent id, agt_… (any other text answers 404 agent_not_found).');

export const AgentIdParams = z.object({ id: AgentIdPathParam });

export const ListAgentsQuery = z.object({
  status: AgentStatus.optional(),
  label: z
    .string()
    .max(AGENT_LIMITS.labelMax)
    .optional()
    .describe('Case-insensitive substring of the label.'),
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(AGENT_LIMITS.listMax, `must be at most ${AGENT_LIMITS.listMax}`)
    .optional(),
  cursor: z
    .string()
    .max(AGENT_LIMITS.cursorMax)
    .optional()
    .describe('meta.page.cursor of the previous page.'),
});
export type ListAgentsQuery = z.infer<typeof ListAgentsQuery>;

/** Tags an operator registers and an agent adds at enrollment; jobs target them (`target.tags`). */
export const AgentTags = z
  .array(z.string().min(1).max(AGENT_LIMITS.tagMax, `must be at most ${AGENT_LIMITS.tagMax} characters`))
  .max(AGENT_LIMITS.tagsMax, `must hold at most ${AGENT_LIMITS.tagsMax} tags`);

export const CreateAgentBody = z.strictObject({
  label: z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .regex(/\S/, 'must not be blank')
    .max(AGENT_LIMITS.labelMax, `must be at most ${AGENT_LIMITS.labelMax} characters`),
  platform: AgentPlatform,
  tags: AgentTags.optional(),
  metadata: Metadata.optional(),
  token_ttl_seconds: TokenTtlSeconds.optional(),
});
export type CreateAgentBody = z.infer<typeof CreateAgentBody>;

export const RevokeAgentBody = z
  .strictObject({
    reason: z
      .string()
      .max(AGENT_LIMITS.reasonMax, `must be at most ${AGENT_LIMITS.reasonMax} characters`)
      .optional(),
  })
  .optional();
export type RevokeAgentBody = z.infer<typeof RevokeAgentBody>;

export const EnableAgentBody = z.strictObject({ token_ttl_seconds: TokenTtlSeconds.optional() }).optional();
export type EnableAgentBody = z.infer<typeof EnableAgentBody>;

export const AgentSummary = z.object({
  id: AgentId,
  label: z.string(),
  platform: AgentPlatform,
  version: z
    .string()
    .nullable()
    .describe('The agent software version it reported when it enrolled; null until then (pending).'),
  status: AgentStatus,
  last_seen_at: Timestamp.nullable().describe(
    'Last sign of life (enrollment, session, heartbeat); null until the agent first contacts the control plane.',
  ),
  created_at: Timestamp,
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentDetail = AgentSummary.extend({
  tags: z.array(z.string()),
  capabilities: z.array(z.string()),
  metadata: Metadata,
  token_expires_at: Timestamp.nullable().describe('Expiry of the outstanding enrollment token, if any.'),
  revoked_at: Timestamp.nullable().describe('When the agent was last revoked (kept after enable).'),
  revoke_reason: z.string().nullable(),
});
export type AgentDetail = z.infer<typeof AgentDetail>;

export const CreatedAgent = z.object({
  id: AgentId,
  label: z.string(),
  platform: AgentPlatform,
  status: z.literal('pending'),
  enrollment_token: EnrollmentToken.describe('Shown once: only its hash is stored.'),
  token_expires_at: Timestamp,
  created_at: Timestamp,
});
export type CreatedAgent = z.infer<typeof CreatedAgent>;

/** Why health fields are null: nothing was measured yet (status `no_heartbeat`). */
const BEFORE_FIRST_HEARTBEAT =
  'null before the first heartbeat (status no_heartbeat), since nothing was measured yet.';

export const AgentHealth = z.object({
  agent_id: AgentId,
  status: HealthStatus,
  heartbeat_at: Timestamp.nullable().describe(`When the latest heartbeat arrived; ${BEFORE_FIRST_HEARTBEAT}`),
  cpu_percent: z.number().nullable().describe(`From the latest heartbeat; ${BEFORE_FIRST_HEARTBEAT}`),
  memory_percent: z.number().nullable().describe(`From the latest heartbeat; ${BEFORE_FIRST_HEARTBEAT}`),
  disk_free_gb: z.number().nullable().describe(`From the latest heartbeat; ${BEFORE_FIRST_HEARTBEAT}`),
  active_jobs: z
    .number()
    .int()
    .nullable()
    .describe(`Jobs the control plane has running on the agent; ${BEFORE_FIRST_HEARTBEAT}`),
  queue_depth: z
    .number()
    .int()
    .nullable()
    .describe(`Jobs assigned to the agent and not yet started; ${BEFORE_FIRST_HEARTBEAT}`),
  last_error: z
    .string()
    .nullable()
    .describe(
      'The latest error the agent reported; null when it reported none (and before its first heartbeat).',
    ),
  /** False while the agent is paused (it finishes running jobs, takes no new ones); null until it says. */
  accepting_jobs: z.boolean().nullable(),
  /** Job slots the agent advertises; null until it says. */
  job_slots: z.number().int().nullable(),
});
export type AgentHealth = z.infer<typeof AgentHealth>;

export const ConnectedAgent = z.object({
  id: AgentId,
  label: z.string(),
  connected_since: Timestamp,
  remote_ip: z.string().nullable(),
});
export type ConnectedAgent = z.infer<typeof ConnectedAgent>;

export const RevokedAgent = z.object({ id: AgentId, status: z.literal('revoked'), revoked_at: Timestamp });
export type RevokedAgent = z.infer<typeof RevokedAgent>;

export const EnabledAgent = z.object({
  id: AgentId,
  status: z.literal('pending'),
  enrollment_token: EnrollmentToken.describe('Shown once: only its hash is stored.'),
  token_expires_at: Timestamp,
});
export type EnabledAgent = z.infer<typeof EnabledAgent>;

export const HealthzResponse = z.object({ status: z.literal('ok'), time: Timestamp });
