import { z } from 'zod';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;

const Id = z.string().min(1).max(200);

/**
 * The local events other replicas must see, as they travel between replicas. Each is re-emitted on
 * the receiving replica's own bus, so its listeners (the gateway, the scheduler, log followers) act
 * as if it had happened there.
 */
export const ClusterEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('agent.revoked'),
    agentId: Id,
    revokedAt: z.number(),
    reason: z.string().max(2000).nullable(),
  }),
  z.object({ type: z.literal('agent.deleted'), agentId: Id }),
  /** A session went live on `replicaId`: any replica holding an older session of the agent closes it. */
  z.object({
    type: z.literal('agent.session_claimed'),
    agentId: Id,
    sessionId: Id,
    epoch: z.number().int(),
  }),
  z.object({ type: z.literal('job.queued'), jobId: Id, fromAgentId: Id.optional() }),
  z.object({ type: z.literal('job.cancel_requested'), jobId: Id, agentId: Id, epoch: z.number().int() }),
  z.object({ type: z.literal('job.finished'), jobId: Id, agentId: Id.nullable() }),
  /** Throttled at the source (a few per second per job): followers of the log here read on. */
  z.object({ type: z.literal('job.log_appended'), jobId: Id }),
  /** A key was revoked: every replica drops it from its cache of checked keys. */
  z.object({ type: z.literal('api_key.revoked'), keyId: Id }),
  /** Sent by each replica to itself now and then: the time it takes to come back is the bus lag. */
  z.object({ type: z.literal('cluster.ping'), sentAt: z.number() }),
]);

export type ClusterEvent = z.infer<typeof ClusterEventSchema>;
export type ClusterEventType = ClusterEvent['type'];

const EnvelopeSchema = z.object({ v: z.literal(1), origin: Id, event: ClusterEventSchema });

/** One message on the bus: the event and the replica it came from (which ignores its own). */
export interface ClusterMessage {
  origin: string;
  event: ClusterEvent;
}

export type Decoded = { ok: true; message: ClusterMessage } | { ok: false; problem: string };

/** JSON for the wire, or an error naming the event when it would not fit in one NOTIFY. */
export function encodeClusterMessage(message: ClusterMessage): string {
  const text = JSON.stringify({ v: 1, origin: message.origin, event: message.event });
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new Error(`cluster message ${message.event.type} is over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  return text;
}

/** Never throws: a payload that is not JSON or not a known message says what was wrong. */
export function decodeClusterMessage(payload: string): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, problem: 'payload is not JSON' };
  }
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.')}: `;
    return { ok: false, problem: `not a cluster message (${where}${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, message: { origin: parsed.data.origin, event: parsed.data.event } };
}
