import { z } from 'zod';

/**
 * Error codes that cross the host API. A closed list so the UI can switch on them; the message is for
 * people and never carries a token or key.
 */
export const HostApiErrorCode = z.enum([
  /** The request or its params failed validation; the message names the field. */
  'bad_request',
  'unknown_method',
  /** The action needs an enrolled agent. */
  'not_enrolled',
  'already_enrolled',
  /** Another action of the same kind is still running (for example an enrollment). */
  'busy',
  /** The worker is not running (stopped, backing off, halted) so it cannot act. */
  'worker_unavailable',
  /** The worker tried and refused or failed; the message says why in plain words. */
  'worker_error',
  'not_found',
  /** IT policy fixes this (a setting, enrollment, the control plane, pausing); the message names the key. */
  'policy_locked',
  /** The transport closed before the answer arrived. */
  'transport_closed',
  /** The answer did not match the contract (a host/UI version mismatch or a bug). */
  'bad_response',
  'internal',
]);
export type HostApiErrorCode = z.infer<typeof HostApiErrorCode>;

export const HostApiErrorBody = z.object({ code: HostApiErrorCode, message: z.string() });
export type HostApiErrorBody = z.infer<typeof HostApiErrorBody>;

export const RequestId = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]);
export type RequestId = z.infer<typeof RequestId>;

export const HostApiRequest = z.object({
  id: RequestId,
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
export type HostApiRequest = z.infer<typeof HostApiRequest>;

export const HostApiResponse = z.discriminatedUnion('ok', [
  z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: RequestId.nullable(), ok: z.literal(false), error: HostApiErrorBody }),
]);
export type HostApiResponse = z.infer<typeof HostApiResponse>;

export const HostApiEventMessage = z.object({ event: z.string().min(1), payload: z.unknown() });
export type HostApiEventMessage = z.infer<typeof HostApiEventMessage>;

/** A failure of a host API call, on either side of the wire. */
export class HostApiError extends Error {
  override readonly name = 'HostApiError';
  constructor(
    readonly code: HostApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  toBody(): HostApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Names each zod issue by its path, e.g. `limit: Too big: expected number to be <=1000`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
}
