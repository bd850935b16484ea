import type { HeartbeatMessage } from '../../src-shared/agent-protocol/index.js';

/** What the gateway needs to know of an agent to authenticate its session. */
export interface SessionCredential {
  status: 'pending' | 'active' | 'revoked';
  /** Ed25519 raw public key, base64url; null until the agent has enrolled. */
  publicKey: string | null;
}

export interface ConnectFacts {
  at: number;
  version: string;
  capabilities: readonly string[];
  remoteIp: string | null;
}

export interface HeartbeatRecord {
  agentId: string;
  at: number;
  heartbeat: HeartbeatMessage;
}

/** The gateway's view of the store; the control plane implements it over its database. */
export interface SessionStore {
  credentialFor(agentId: string): Promise<SessionCredential | undefined>;
  /** A session went live: what the agent reported, and since when it is connected. */
  recordConnect(agentId: string, facts: ConnectFacts): Promise<void>;
  recordCapabilities(
    agentId: string,
    facts: { at: number; version: string; capabilities: readonly string[] },
  ): Promise<void>;
  /** The agent's live session ended (and no newer one replaced it). */
  recordDisconnect(agentId: string, at: number): Promise<void>;
  /** Latest metrics per agent, written together. */
  recordHeartbeats(batch: readonly HeartbeatRecord[]): Promise<void>;
}
