import type { HeartbeatMessage } from '../../src-shared/agent-protocol/index.js';

/** What the gateway needs to know of an agent to authenticate its session. */
export interface SessionCredential {
  status: 'pending' | 'active' | 'revoked';
  /** Ed25519 raw public key, base64url; null until the agent has enrolled. */
  publicKey: string | null;
}

export interface ConnectFacts {
  /** The new session, which takes the agent over from any older one, on any replica. */
  sessionId: string;
  at: number;
  version: string;
  capabilities: readonly string[];
  remoteIp: string | null;
}

export interface HeartbeatRecord {
  agentId: string;
  /** Written only while this session still holds the agent. */
  sessionId: string;
  at: number;
  heartbeat: HeartbeatMessage;
}

/** The session's claim on its agent: a newer session anywhere has a higher epoch. */
export interface SessionClaim {
  epoch: number;
}

/** A session a heartbeat write found it no longer holds, and the close its agent must get. */
export interface SessionLoss {
  agentId: string;
  sessionId: string;
  close: 'revoked' | 'deregistered' | 'superseded';
}

/** The gateway's view of the store; the control plane implements it over its database. */
export interface SessionStore {
  credentialFor(agentId: string): Promise<SessionCredential | undefined>;
  /**
   * A session went live: it claims the agent (newest wins) and records what the agent reported.
   * Null when the agent is no longer active (revoked or deleted since its credential was read).
   */
  recordConnect(agentId: string, facts: ConnectFacts): Promise<SessionClaim | null>;
  recordCapabilities(
    agentId: string,
    facts: { at: number; version: string; capabilities: readonly string[] },
  ): Promise<void>;
  /** The agent's live session ended; it is disconnected unless a newer session holds it. */
  recordDisconnect(agentId: string, sessionId: string, at: number): Promise<void>;
  /**
   * Latest metrics per agent, written together for the sessions that still hold their agent; the
   * others (revoked, deleted or taken by a newer session, perhaps on another replica) are answered.
   */
  recordHeartbeats(batch: readonly HeartbeatRecord[]): Promise<SessionLoss[]>;
}
