import type { FastifyRequest } from 'fastify';
import { scopeGrants, type ApiScope } from '../../src-shared/rest/api-keys.js';
import { ApiError } from './api-error.js';

/** A key that checked out: its id (never the secret) and what it may do. */
export interface VerifiedKey {
  id: string;
  scopes: readonly ApiScope[];
}

export type KeyCheck =
  | { ok: true; key: VerifiedKey }
  /** `claimedId`: the id a well-formed key names (unknown or revoked), for the audit trail. */
  | { ok: false; claimedId: string | null };

/** Checks a presented API key (the api-keys feature implements it). */
export interface ApiKeyVerifier {
  verify(presented: string): Promise<KeyCheck>;
}

/** Who made a request, as features record it: the key's id and the peer address. */
export interface Caller {
  keyId: string | null;
  remoteAddress: string;
}

/** A request refused for its credential: what the audit trail wants to know of it. */
export interface AuthRefusal {
  code: 'unauthorized' | 'insufficient_scope';
  caller: Caller;
  /** `METHOD /url/:pattern` of the route asked for. */
  route: string;
  scope: ApiScope;
}

export interface AuthDeps {
  keys: ApiKeyVerifier;
  onRefused?: (refusal: AuthRefusal) => void;
}

/**
 * The onRequest check of a route that needs `scope`: it runs before the body is read, so 401 and
 * 403 come first. A missing, unknown or revoked key is 401; a valid key without the scope is 403
 * naming it (RFC 6750's `insufficient_scope`). Answers the caller for the handler.
 */
export async function authenticate(
  deps: AuthDeps,
  request: FastifyRequest,
  route: string,
  scope: ApiScope,
): Promise<Caller> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
  const remoteAddress = request.ip;
  if (!match?.[1]) {
    deps.onRefused?.({ code: 'unauthorized', caller: { keyId: null, remoteAddress }, route, scope });
    throw new ApiError('unauthorized', 'Authorization: send "Bearer <api_key>"', {
      'www-authenticate': 'Bearer',
    });
  }
  const check = await deps.keys.verify(match[1]);
  if (!check.ok) {
    deps.onRefused?.({
      code: 'unauthorized',
      caller: { keyId: check.claimedId, remoteAddress },
      route,
      scope,
    });
    throw new ApiError('unauthorized', 'Authorization: the API key is not valid', {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  const caller = { keyId: check.key.id, remoteAddress };
  if (!scopeGrants(check.key.scopes, scope)) {
    deps.onRefused?.({ code: 'insufficient_scope', caller, route, scope });
    throw new ApiError('insufficient_scope', `this route needs an API key with the ${scope} scope`, {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
    });
  }
  return caller;
}
