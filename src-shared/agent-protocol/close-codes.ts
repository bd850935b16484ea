/**
 * Close codes of the agent session (the 4000–4999 range RFC 6455 leaves to applications).
 *
 * `retry` tells the agent whether reconnecting (with its full-jitter backoff) can help.
 * `wipeCredentials` marks the two ends of an identity: the key is dead, the agent must forget it and
 * wait for a fresh enrollment. Standard codes the `ws` library sends itself (1006 abnormal, 1009
 * message too big, 1001 going away) are not listed here: an agent treats any code it does not know
 * as retryable.
 */
export const CLOSE_CODES = {
  bad_message: { code: 4000, retry: true, wipeCredentials: false, reason: 'bad message' },
  auth_failed: { code: 4001, retry: true, wipeCredentials: false, reason: 'authentication failed' },
  auth_timeout: { code: 4002, retry: true, wipeCredentials: false, reason: 'authentication timed out' },
  revoked: { code: 4003, retry: false, wipeCredentials: true, reason: 'agent revoked' },
  deregistered: { code: 4004, retry: false, wipeCredentials: true, reason: 'agent deregistered' },
  /** Another connection authenticated with this agent's key; this one yields and must not fight back. */
  superseded: { code: 4005, retry: false, wipeCredentials: false, reason: 'superseded by a newer session' },
  protocol_too_old: { code: 4006, retry: false, wipeCredentials: false, reason: 'protocol too old' },
  overloaded: { code: 4007, retry: true, wipeCredentials: false, reason: 'server overloaded' },
  server_shutdown: { code: 4008, retry: true, wipeCredentials: false, reason: 'server shutting down' },
} as const;

export type CloseName = keyof typeof CLOSE_CODES;
export interface CloseCodeInfo {
  readonly name: CloseName;
  readonly code: number;
  readonly retry: boolean;
  readonly wipeCredentials: boolean;
  readonly reason: string;
}

const BY_CODE = new Map<number, CloseCodeInfo>(
  (Object.keys(CLOSE_CODES) as CloseName[]).map((name) => [
    CLOSE_CODES[name].code,
    { name, ...CLOSE_CODES[name] },
  ]),
);

/** What a close code means, or null for a code that is not ours (treat it as retryable). */
export function describeCloseCode(code: number): CloseCodeInfo | null {
  return BY_CODE.get(code) ?? null;
}
