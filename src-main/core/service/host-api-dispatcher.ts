import { describeZodError, HostApiError, HostApiRequest } from '../../../src-shared/host-api/envelope.js';
import type { HostApiResponse } from '../../../src-shared/host-api/envelope.js';
import { HOST_API_METHODS, isHostApiMethod } from '../../../src-shared/host-api/methods.js';
import { redactText } from '../../../src-shared/redact.js';
import type { HostService } from './host-service.js';

/**
 * The boundary of the host API: any raw message in, one response envelope out. Params are validated
 * against the shared schemas before a handler sees them; every failure becomes `{ ok: false, error }`
 * and nothing here throws, so no transport can be crashed by what a client sends.
 */
export function createHostApiDispatcher(service: HostService, onInternalError: (error: unknown) => void) {
  return async function dispatch(raw: unknown): Promise<HostApiResponse> {
    const request = HostApiRequest.safeParse(raw);
    if (!request.success) {
      const id = idOf(raw);
      return fail(
        id,
        new HostApiError('bad_request', `not a host API request: ${describeZodError(request.error)}`),
      );
    }
    const { id, method, params } = request.data;
    if (!isHostApiMethod(method)) {
      return fail(id, new HostApiError('unknown_method', `unknown method "${method.slice(0, 64)}"`));
    }
    const parsed = HOST_API_METHODS[method].params.safeParse(params ?? {});
    if (!parsed.success)
      return fail(id, new HostApiError('bad_request', `${method}: ${describeZodError(parsed.error)}`));
    try {
      const handler = service.handlers[method] as (p: unknown) => Promise<unknown>;
      return { id, ok: true, result: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof HostApiError) return fail(id, error);
      onInternalError(error);
      return fail(id, new HostApiError('internal', `${method} failed unexpectedly; see the host log`));
    }
  };
}

function fail(id: string | number | null, error: HostApiError): HostApiResponse {
  return { id, ok: false, error: { code: error.code, message: redactText(error.message) } };
}

function idOf(raw: unknown): string | number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const { id } = raw;
  return (typeof id === 'string' && id.length <= 64) ||
    (typeof id === 'number' && Number.isInteger(id) && id >= 0)
    ? id
    : null;
}
