import {
  ENROLL_PATH,
  EnrollRefusalCode,
  EnrollResponse,
  type EnrollRequest,
} from '../../src-shared/agent-protocol/index.js';
import { describeNetworkError } from '../network/network-errors.js';
import { requestJson } from '../network/request-json.js';
import type { Transport } from '../network/transport.js';

export type EnrollOutcome =
  | { ok: true; response: EnrollResponse }
  | {
      ok: false;
      /** A refusal code from the contract, `network` (nothing reached the server) or `bad_response`. */
      code: EnrollRefusalCode | 'network' | 'bad_response' | 'invalid_request';
      message: string;
      /** True when the same token may still work later (the token was not looked at, or not spent). */
      retryable: boolean;
    };

const REFUSAL_WORDS: Record<EnrollRefusalCode, string> = {
  token_unknown:
    'the control plane does not know this enrollment token (mistyped, or replaced by a newer one)',
  token_expired: 'the enrollment token has expired: ask an operator for a new one',
  token_used: 'the enrollment token was already used: each token enrolls one agent, once',
  agent_revoked: 'this agent is revoked: an operator must enable it again, which issues a new token',
};

/** Redeems the one-time token for this host's public key. The token goes only in the Authorization header. */
export async function redeemEnrollmentToken(
  transport: Transport,
  apiHost: string,
  token: string,
  request: EnrollRequest,
  timeoutMs = 15_000,
): Promise<EnrollOutcome> {
  const url = new URL(ENROLL_PATH, apiHost).toString();
  let res;
  try {
    res = await requestJson(transport, {
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      body: request,
      timeoutMs,
    });
  } catch (error) {
    return {
      ok: false,
      code: 'network',
      message: describeNetworkError(error, new URL(apiHost).origin).message,
      retryable: true,
    };
  }
  if (res.status === 200) {
    const parsed = EnrollResponse.safeParse((res.body as { data?: unknown } | null)?.data);
    if (parsed.success) return { ok: true, response: parsed.data };
    return {
      ok: false,
      code: 'bad_response',
      message: `the control plane's enrollment answer is not understood (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`,
      retryable: false,
    };
  }
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const refusal = EnrollRefusalCode.safeParse(error?.code);
  if (refusal.success) {
    return { ok: false, code: refusal.data, message: REFUSAL_WORDS[refusal.data], retryable: false };
  }
  const serverMessage = typeof error?.message === 'string' ? `: ${error.message}` : '';
  if (res.status === 400) {
    return {
      ok: false,
      code: 'invalid_request',
      message: `the control plane refused the enrollment request${serverMessage}`,
      retryable: false,
    };
  }
  return {
    ok: false,
    code: res.status >= 500 ? 'network' : 'bad_response',
    message: `the control plane answered ${res.status} to the enrollment request${serverMessage}`,
    retryable: res.status >= 500 || res.status === 429,
  };
}
