import { describeZodError, HostApiError, HostApiEventMessage, HostApiResponse } from './envelope.js';
import type { HostApiRequest } from './envelope.js';
import { HOST_API_EVENTS, isHostApiEvent } from './events.js';
import type { HostApiEvent, HostApiEventPayload } from './events.js';
import { HOST_API_METHODS } from './methods.js';
import type { HostApiMethod, HostApiParamsIn, HostApiResult } from './methods.js';

/**
 * What the client needs from a transport (preload bridge, loopback WebSocket): send one request and
 * get its response envelope back, and hear pushed event messages. Both are validated here, so a
 * transport passes along whatever arrived.
 */
export interface HostApiTransport {
  call(request: HostApiRequest): Promise<unknown>;
  subscribe(listener: (eventMessage: unknown) => void): () => void;
}

type MethodCall<M extends HostApiMethod> =
  Record<never, never> extends HostApiParamsIn<M>
    ? (params?: HostApiParamsIn<M>) => Promise<HostApiResult<M>>
    : (params: HostApiParamsIn<M>) => Promise<HostApiResult<M>>;

export type HostApiClient = { [M in HostApiMethod]: MethodCall<M> } & {
  on<E extends HostApiEvent>(event: E, listener: (payload: HostApiEventPayload<E>) => void): () => void;
};

export function createHostApiClient(transport: HostApiTransport): HostApiClient {
  let nextId = 1;

  async function call<M extends HostApiMethod>(method: M, params: unknown): Promise<HostApiResult<M>> {
    const id = nextId++;
    const raw = await transport.call({ id, method, params: params ?? {} });
    const envelope = HostApiResponse.safeParse(raw);
    if (!envelope.success) {
      throw new HostApiError(
        'bad_response',
        `${method}: malformed response (${describeZodError(envelope.error)})`,
      );
    }
    if (!envelope.data.ok) throw new HostApiError(envelope.data.error.code, envelope.data.error.message);
    const result = HOST_API_METHODS[method].result.safeParse(envelope.data.result);
    if (!result.success) {
      throw new HostApiError(
        'bad_response',
        `${method}: unexpected result (${describeZodError(result.error)})`,
      );
    }
    return result.data as HostApiResult<M>;
  }

  const methods = Object.fromEntries(
    (Object.keys(HOST_API_METHODS) as HostApiMethod[]).map((method) => [
      method,
      (params?: unknown) => call(method, params),
    ]),
  ) as { [M in HostApiMethod]: MethodCall<M> };

  function on<E extends HostApiEvent>(event: E, listener: (payload: HostApiEventPayload<E>) => void) {
    return transport.subscribe((raw) => {
      const message = HostApiEventMessage.safeParse(raw);
      if (!message.success || message.data.event !== event || !isHostApiEvent(message.data.event)) return;
      // A payload that does not match the contract is dropped rather than handed to the UI half-valid.
      const payload = HOST_API_EVENTS[event].safeParse(message.data.payload);
      if (payload.success) listener(payload.data as HostApiEventPayload<E>);
    });
  }

  return { ...methods, on };
}
