import { createHash, randomUUID } from 'node:crypto';
import type { ServerMessage } from '../../src-shared/agent-protocol/index.js';
import type { ScriptedAgent } from './scripted-agent.js';

/**
 * Job conversation helpers for a scripted agent (`scripted-agent.ts`): wait for a given message type
 * (skipping heartbeat acks and the like), and build the agent's job messages.
 */
export async function nextOfType<T extends ServerMessage['type']>(
  connection: ScriptedAgent,
  type: T,
  timeoutMs = 5000,
  match: (message: Extract<ServerMessage, { type: T }>) => boolean = () => true,
): Promise<Extract<ServerMessage, { type: T }>> {
  const deadline = Date.now() + timeoutMs;
  // Bounded by the deadline: every pass waits for one message or throws.
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms`);
    const message = await connection.next(left);
    if (message === null) throw new Error(`socket closed while waiting for ${type}`);
    if (message.type === type && match(message as Extract<ServerMessage, { type: T }>)) {
      return message as Extract<ServerMessage, { type: T }>;
    }
  }
}

/** Resolves when no message of `type` arrives within `ms` (other messages are skipped). */
export async function noneOfType(connection: ScriptedAgent, type: ServerMessage['type'], ms: number) {
  try {
    const message = await nextOfType(connection, type, ms);
    throw new Error(`unexpected ${type}: ${JSON.stringify(message)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no ')) return;
    throw error;
  }
}

function eventId(): string {
  return `evt_${randomUUID()}`;
}

export function acceptMessage(jobId: string, epoch: number) {
  return { type: 'job_accept', event_id: eventId(), job_id: jobId, epoch };
}

export function startMessage(jobId: string, epoch: number) {
  return { type: 'job_start', event_id: eventId(), job_id: jobId, epoch, started_at: wireNow() };
}

export function logChunk(jobId: string, epoch: number, offset: number, data: Buffer) {
  return { type: 'job_log', job_id: jobId, epoch, offset, data: data.toString('base64') };
}

export function resultMessage(
  jobId: string,
  epoch: number,
  log: Buffer,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = wireNow();
  return {
    type: 'job_result',
    event_id: eventId(),
    job_id: jobId,
    epoch,
    status: 'succeeded',
    exit_code: 0,
    steps: [{ name: 'only', status: 'succeeded', exit_code: 0 }],
    log_length: log.length,
    log_sha256: createHash('sha256').update(log).digest('hex'),
    log_truncated: false,
    started_at: now,
    finished_at: now,
    ...fields,
  };
}

/** Now as the wire carries timestamps: whole seconds, `Z`. */
function wireNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
