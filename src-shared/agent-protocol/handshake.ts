/** The session WebSocket: `GET` with `Upgrade: websocket`, no API key (the agent signs a nonce). */
export const SESSION_PATH = '/api/agents/session';

/**
 * The session's WebSocket subprotocol carries the protocol version, so a version mismatch is caught
 * in the handshake before any message is parsed.
 */
export const AGENT_PROTOCOL_VERSION = 1;
/** The oldest version this build still speaks. Raise it when a version is retired. */
export const MIN_AGENT_PROTOCOL_VERSION = 1;

const SUBPROTOCOL_PREFIX = 'planasonix.agent.v';
const SUBPROTOCOL_PATTERN = /^planasonix\.agent\.v(0|[1-9][0-9]{0,5})$/;

export function subprotocolFor(version: number): string {
  return `${SUBPROTOCOL_PREFIX}${version}`;
}

/** The subprotocol of this build: `planasonix.agent.v1`. */
export const AGENT_SUBPROTOCOL = subprotocolFor(AGENT_PROTOCOL_VERSION);

/** The version named by an agent subprotocol, or null for any other string. */
export function subprotocolVersion(protocol: string): number | null {
  const match = SUBPROTOCOL_PATTERN.exec(protocol);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export type SubprotocolChoice =
  /** Speak this one. */
  | { kind: 'accept'; protocol: string }
  /**
   * The client offered only versions older than we speak: echo the protocol it offered (a client
   * rejects a handshake that answers with a protocol it did not offer) and close at once with
   * `protocol_too_old`, so the agent can tell the user to upgrade.
   */
  | { kind: 'too_old'; protocol: string }
  /** Nothing we can speak or explain in-band: refuse the HTTP upgrade itself. */
  | { kind: 'refuse' };

/** The server's pick among the subprotocols a client offered (newest version we speak wins). */
export function chooseSubprotocol(offered: Iterable<string>): SubprotocolChoice {
  let best: { version: number; protocol: string } | null = null;
  let oldest: { version: number; protocol: string } | null = null;
  for (const protocol of offered) {
    const version = subprotocolVersion(protocol);
    if (version === null) continue;
    if (version >= MIN_AGENT_PROTOCOL_VERSION && version <= AGENT_PROTOCOL_VERSION) {
      if (best === null || version > best.version) best = { version, protocol };
    } else if (version < MIN_AGENT_PROTOCOL_VERSION) {
      if (oldest === null || version < oldest.version) oldest = { version, protocol };
    }
  }
  if (best !== null) return { kind: 'accept', protocol: best.protocol };
  if (oldest !== null) return { kind: 'too_old', protocol: oldest.protocol };
  return { kind: 'refuse' };
}
