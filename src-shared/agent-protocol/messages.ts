import { z } from 'zod';
import { AgentId } from '../ids.js';
import { Ed25519Signature, SessionNonce, WireTimestamp } from './encodings.js';
import { AgentVersion, Capabilities } from './enrollment.js';
import { JOB_AGENT_MESSAGES, JOB_SERVER_MESSAGES } from './job-messages.js';

/**
 * Session messages: one JSON object per text frame, discriminated by `type`. Every object schema is
 * loose, so a newer peer may add fields an older one ignores; a new message type is a new member of
 * a union, which an older peer answers with an `unknown_type` error instead of failing.
 */

/**
 * What the server wants of the agent right now. Intent lives in the control plane's database and is
 * re-sent whole in `welcome` and every `heartbeat_ack`, so a lost frame never loses an instruction.
 * Jobs (assign, cancel) will join as further fields.
 */
export const IntentSnapshot = z.looseObject({
  accepting_work: z.boolean(),
});
export type IntentSnapshot = z.infer<typeof IntentSnapshot>;

const percent = z.number().min(0).max(100);
const count = z.number().int().nonnegative().max(1_000_000);

// ---- server → agent --------------------------------------------------------------------------

export const HelloMessage = z.looseObject({
  type: z.literal('hello'),
  protocol_version: z.number().int().positive(),
  /** Sign `sessionSigningText(agent_id, nonce)` with the agent's key and answer `auth`. */
  nonce: SessionNonce,
  server_time: WireTimestamp,
  /** Send `auth` within this time or the server closes with `auth_timeout`. */
  auth_timeout_ms: z.number().int().positive(),
});

export const WelcomeMessage = z.looseObject({
  type: z.literal('welcome'),
  session_id: z.string().min(1),
  agent_id: AgentId,
  heartbeat_interval_seconds: z.number().positive(),
  server_time: WireTimestamp,
  intent: IntentSnapshot,
});

export const HeartbeatAckMessage = z.looseObject({
  type: z.literal('heartbeat_ack'),
  /** The `seq` of the heartbeat acknowledged. */
  seq: z.number().int().nonnegative(),
  server_time: WireTimestamp,
  intent: IntentSnapshot,
});

/** Codes of the `error` message; the session stays open after one (see SessionErrorMessage). */
export const SessionErrorCode = z.enum([
  /** Not a JSON object, or a binary frame. */
  'malformed_frame',
  /** A known type whose fields do not match its schema; `message` names the field. */
  'invalid_message',
  /** A type this server does not know (a newer agent, perhaps). */
  'unknown_type',
  /** A known message at the wrong moment (for example a second `auth`). */
  'unexpected_message',
]);
export type SessionErrorCode = z.infer<typeof SessionErrorCode>;

/**
 * A frame the server could not use. It is dropped and the session goes on; a peer that keeps sending
 * them is closed with `bad_message`. Before `auth` succeeds there is no error message: any bad frame
 * closes the socket.
 */
export const SessionErrorMessage = z.looseObject({
  type: z.literal('error'),
  code: SessionErrorCode,
  message: z.string(),
});

export const ServerMessage = z.discriminatedUnion('type', [
  HelloMessage,
  WelcomeMessage,
  HeartbeatAckMessage,
  SessionErrorMessage,
  ...JOB_SERVER_MESSAGES,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

// ---- agent → server --------------------------------------------------------------------------

export const AuthMessage = z.looseObject({
  type: z.literal('auth'),
  agent_id: AgentId,
  /** Ed25519 over UTF-8 `sessionSigningText(agent_id, nonce)`. */
  signature: Ed25519Signature,
  /** Reported on every connect: the agent may have been upgraded or gained a runtime since enrollment. */
  version: AgentVersion,
  capabilities: Capabilities,
});

/** Health as the reference's `GET /api/agents/{id}/health` shows it; null where not measurable. */
export const HeartbeatMessage = z.looseObject({
  type: z.literal('heartbeat'),
  /** Increases by one per heartbeat within a session; echoed by `heartbeat_ack`. */
  seq: z.number().int().nonnegative(),
  cpu_percent: percent.nullable(),
  memory_percent: percent.nullable(),
  disk_free_gb: z.number().nonnegative().nullable(),
  active_jobs: count,
  queue_depth: count,
  last_error: z.string().max(2000).nullable(),
});

/** Sent when capabilities or version change during a session (a runtime installed, say). */
export const CapabilitiesMessage = z.looseObject({
  type: z.literal('capabilities'),
  version: AgentVersion,
  capabilities: Capabilities,
});

export const AgentMessage = z.discriminatedUnion('type', [
  AuthMessage,
  HeartbeatMessage,
  CapabilitiesMessage,
  ...JOB_AGENT_MESSAGES,
]);
export type AgentMessage = z.infer<typeof AgentMessage>;

export type HelloMessage = z.infer<typeof HelloMessage>;
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type HeartbeatAckMessage = z.infer<typeof HeartbeatAckMessage>;
export type SessionErrorMessage = z.infer<typeof SessionErrorMessage>;
export type AuthMessage = z.infer<typeof AuthMessage>;
export type HeartbeatMessage = z.infer<typeof HeartbeatMessage>;
export type CapabilitiesMessage = z.infer<typeof CapabilitiesMessage>;
