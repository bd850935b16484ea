import type { z } from 'zod';
import { AgentMessage, ServerMessage, type SessionErrorCode } from './messages.js';

/**
 * Frames in and out of the session, the same on both ends. Decoding never throws: a frame becomes a
 * typed message or a typed error whose `message` says what was wrong (and, for a field, which one).
 */

/** Largest frame either side accepts. The server's `ws` closes a bigger one with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

export type DecodeResult<T> =
  { ok: true; message: T } | { ok: false; code: SessionErrorCode; message: string; type: string | null };

export function encodeMessage(message: AgentMessage | ServerMessage): string {
  return JSON.stringify(message);
}

/** A frame from the agent, as the server reads it. */
export function decodeAgentMessage(frame: string): DecodeResult<AgentMessage> {
  return decodeWith(AgentMessage, AGENT_TYPES, frame);
}

/** A frame from the server, as the agent reads it. */
export function decodeServerMessage(frame: string): DecodeResult<ServerMessage> {
  return decodeWith(ServerMessage, SERVER_TYPES, frame);
}

const AGENT_TYPES = new Set<string>(AgentMessage.options.map((o) => o.shape.type.value));
const SERVER_TYPES = new Set<string>(ServerMessage.options.map((o) => o.shape.type.value));

function decodeWith<T>(schema: z.ZodType<T>, known: Set<string>, frame: string): DecodeResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false, code: 'malformed_frame', message: 'frame is not valid JSON', type: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'malformed_frame', message: 'frame must be a JSON object', type: null };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, code: 'malformed_frame', message: 'type: must be a string', type: null };
  }
  if (!known.has(type)) {
    return { ok: false, code: 'unknown_type', message: `type: unknown message type "${clip(type)}"`, type };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? 'message' : issue.path.join('.');
  return { ok: false, code: 'invalid_message', message: `${path}: ${issue?.message ?? 'invalid'}`, type };
}

/** Echoing a peer's string back must not let it make our frames (or logs) arbitrarily large. */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
