import { z } from 'zod';
import { AgentId } from '../ids.js';
import { AgentPlatform, AgentTags } from '../rest/agents.js';
import { Ed25519PublicKey, WireTimestamp } from './encodings.js';

/**
 * Enrollment redeem: the one request an agent makes with its one-time token instead of an API key.
 *
 *   POST /api/agents/enroll
 *   Authorization: Bearer plnx_enroll_…
 *   Content-Type: application/json
 *   { hostname, platform, version, capabilities, metadata, public_key }
 *
 * 200 → `{ "data": EnrollResponse }`; the agent is `active` and holds its key from now on.
 * Refusals use the REST error envelope `{ "error": { "code", "message" } }` (ENROLL_REFUSALS).
 */
export const ENROLL_PATH = '/api/agents/enroll';

/** The same platforms an operator registers an agent with (the REST resource's enum). */
export { AgentPlatform };

/** `python_3_11`, `java_17`, `spark`, `docker`, `node_20`...: lowercase words joined by `_`, `.`, `-`. */
export const Capability = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be a capability name: 1-64 of a-z 0-9 _ . - (lowercase)');
export const Capabilities = z.array(Capability).max(64, 'must list at most 64 capabilities');

export const AgentVersion = z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const EnrollRequest = z.looseObject({
  hostname: z.string().min(1, 'must not be empty').max(253, 'must be at most 253 characters'),
  platform: AgentPlatform,
  version: AgentVersion,
  capabilities: Capabilities,
  metadata: z
    .record(z.string().min(1).max(64), z.string().max(256, 'must be at most 256 characters'))
    .refine((m) => Object.keys(m).length <= 32, 'must hold at most 32 entries'),
  public_key: Ed25519PublicKey,
  /** The host's own tags (`--tags`), added to those the operator registered. */
  tags: AgentTags.optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.looseObject({
  agent_id: AgentId,
  status: z.literal('active'),
  /** Path of the session WebSocket, relative to the API host (SESSION_PATH). */
  session_url: z.string().startsWith('/'),
  heartbeat_interval_seconds: z.number().positive(),
  server_time: WireTimestamp,
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/**
 * Why a token was refused, with the HTTP status it comes with. The token is the only credential of
 * this route, so every refusal is an authentication outcome; the statuses tell apart what a retry
 * with the same token can never fix (409, 410) from what is not known at all (401) and what is
 * forbidden by an operator's decision (403).
 */
export const ENROLL_REFUSALS = {
  /** No bearer token, a malformed one, or one that matches no agent (a re-enabled agent's older token too). */
  token_unknown: 401,
  /** The agent was revoked (or revoked while pending): an operator must enable it, which issues a new token. */
  agent_revoked: 403,
  /** Already redeemed: an agent enrolls once per token. */
  token_used: 409,
  /** Past its `token_expires_at`. */
  token_expired: 410,
} as const;
export type EnrollRefusalCode = keyof typeof ENROLL_REFUSALS;
export const EnrollRefusalCode = z.enum(
  Object.keys(ENROLL_REFUSALS) as [EnrollRefusalCode, ...EnrollRefusalCode[]],
);

/** True for a refusal of the token itself: the same token can never enroll, a new one is needed. */
export function isEnrollRefusal(code: string): code is EnrollRefusalCode {
  return Object.hasOwn(ENROLL_REFUSALS, code);
}
