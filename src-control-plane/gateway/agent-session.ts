import type { Logger } from 'pino';
import {
  AGENT_PROTOCOL_VERSION,
  CLOSE_CODES,
  decodeAgentMessage,
  encodeMessage,
  type AgentMessage,
  type AuthMessage,
  type CloseName,
  type IntentSnapshot,
  type ServerMessage,
  type SessionErrorCode,
} from '../../src-shared/agent-protocol/index.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import { isJobAgentMessage, type JobChannel, type GatewayJobs } from '../jobs/gateway-jobs.js';
import type { HeartbeatWriter } from './heartbeat-writer.js';
import type { LiveSession, SessionRegistry } from './session-registry.js';
import type { SessionCredential, SessionStore } from './session-store.js';

/** The part of a `ws` WebSocket a session uses. */
export interface SessionSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface SessionContext {
  store: SessionStore;
  registry: SessionRegistry;
  heartbeats: Pick<HeartbeatWriter, 'record'>;
  /** A session's claim committed: other replicas close their older session of the agent. */
  onClaimed?(agentId: string, sessionId: string, epoch: number): void;
  verifySignature(publicKey: string, agentId: string, nonce: string, signature: string): boolean;
  intentFor(agentId: string): IntentSnapshot;
  /** Job dispatch; without it, job messages are answered as not served. */
  jobs?: GatewayJobs;
  clock(): number;
  newNonce(): string;
  newSessionId(): string;
  heartbeatIntervalSeconds: number;
  authTimeoutMs: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** A peer may get this many `error` answers per minute; the next bad frame closes it. */
export const ERROR_BUDGET_PER_MINUTE = 10;
/** A revoke racing an authentication makes it re-read the credential, at most this often. */
const AUTH_ATTEMPTS = 3;

type SessionState =
  | { name: 'awaiting_auth'; nonce: string; timer: NodeJS.Timeout }
  | { name: 'authenticating' }
  | { name: 'live'; agentId: string; sessionId: string }
  | { name: 'closed' };

/**
 * One agent connection, from the server's `hello` to its close. Before `auth` succeeds, any frame but
 * a valid `auth` closes the socket (an unauthenticated peer gets no conversation); once live, a bad
 * frame is answered with an `error` message, within a budget.
 */
export class AgentSession implements LiveSession {
  private state: SessionState;
  private authenticatedAgentId: string | null = null;
  private liveSessionId = '';
  private claimEpoch: number | null = null;
  private errorWindowStart = 0;
  /** What the jobs dispatcher writes to; silent once this session is no longer live. */
  private readonly jobChannel: JobChannel = {
    send: (message) => {
      if (this.state.name === 'live') this.send(message);
    },
  };
  private errorsInWindow = 0;

  constructor(
    private readonly socket: SessionSocket,
    private readonly remoteIp: string | null,
    private readonly ctx: SessionContext,
  ) {
    const nonce = ctx.newNonce();
    const timer = setTimeout(() => this.end('auth_timeout'), ctx.authTimeoutMs);
    this.state = { name: 'awaiting_auth', nonce, timer };
    this.send({
      type: 'hello',
      protocol_version: AGENT_PROTOCOL_VERSION,
      nonce,
      server_time: wireTime(ctx.clock()),
      auth_timeout_ms: ctx.authTimeoutMs,
    });
  }

  /** The agent this session speaks for, once authenticated ('' before: the registry never sees it). */
  get agentId(): string {
    return this.authenticatedAgentId ?? '';
  }

  get sessionId(): string {
    return this.liveSessionId;
  }

  get epoch(): number | null {
    return this.claimEpoch;
  }

  /** A text frame, or null for a binary one (the protocol has none). */
  onFrame(frame: string | null): void {
    if (this.state.name === 'closed') return;
    const decoded =
      frame === null
        ? ({
            ok: false,
            code: 'malformed_frame',
            message: 'binary frames are not part of the protocol',
          } as const)
        : decodeAgentMessage(frame);
    if (this.state.name === 'awaiting_auth') {
      if (decoded.ok && decoded.message.type === 'auth') void this.authenticate(decoded.message, this.state);
      else this.end('bad_message', decoded.ok ? 'auth expected first' : decoded.message);
      return;
    }
    if (!decoded.ok) return this.refuseFrame(decoded.code, decoded.message);
    if (this.state.name === 'authenticating') {
      return this.refuseFrame('unexpected_message', `${decoded.message.type}: wait for welcome`);
    }
    this.handleLive(decoded.message, this.state.agentId);
  }

  /** The socket is gone, whoever closed it. */
  onSocketClosed(): void {
    if (this.state.name === 'awaiting_auth') clearTimeout(this.state.timer);
    this.state = { name: 'closed' };
    const agentId = this.authenticatedAgentId;
    // Only the agent's current session marks it disconnected: a superseded or terminated one was
    // already replaced or removed in the registry.
    if (agentId !== null) this.ctx.jobs?.sessionClosed(agentId, this.jobChannel);
    if (agentId !== null && this.ctx.registry.release(this)) {
      this.ctx.store
        .recordDisconnect(agentId, this.liveSessionId, this.ctx.clock())
        .catch((error: unknown) => {
          this.ctx.log.error({ err: error, agentId }, 'recording a disconnect failed');
        });
    }
  }

  end(name: CloseName, detail?: string): void {
    if (this.state.name === 'closed') return;
    if (this.state.name === 'awaiting_auth') clearTimeout(this.state.timer);
    if (this.state.name === 'live') {
      const { agentId, sessionId } = this.state;
      this.ctx.log.info({ agentId, sessionId, close: name }, 'session closed');
    }
    this.state = { name: 'closed' };
    this.socket.close(CLOSE_CODES[name].code, closeReason(name, detail));
  }

  private async authenticate(auth: AuthMessage, waiting: Extract<SessionState, { name: 'awaiting_auth' }>) {
    clearTimeout(waiting.timer);
    this.state = { name: 'authenticating' };
    try {
      for (let attempt = 0; attempt < AUTH_ATTEMPTS; attempt++) {
        const epoch = this.ctx.registry.terminationEpoch;
        const credential = await this.ctx.store.credentialFor(auth.agent_id);
        if (this.state.name !== 'authenticating') return;
        const refusal = this.refusalFor(credential, auth, waiting.nonce);
        if (refusal !== null) return this.end(refusal.name, refusal.detail);
        if (this.ctx.registry.terminationEpoch === epoch) return await this.goLive(auth);
      }
      this.end('overloaded', 'agent state kept changing during authentication');
    } catch (error) {
      this.ctx.log.error({ err: error, agentId: auth.agent_id }, 'session authentication failed');
      this.end('overloaded');
    }
  }

  private refusalFor(
    credential: SessionCredential | undefined,
    auth: AuthMessage,
    nonce: string,
  ): { name: CloseName; detail?: string } | null {
    if (credential === undefined) return { name: 'deregistered' };
    if (credential.status === 'revoked') return { name: 'revoked' };
    // Pending after an enable: the key it had is void until it enrolls again with a new one.
    if (credential.status === 'pending' || credential.publicKey === null) {
      return { name: 'revoked', detail: 'enroll again' };
    }
    if (!this.ctx.verifySignature(credential.publicKey, auth.agent_id, nonce, auth.signature)) {
      return { name: 'auth_failed', detail: 'signature does not match the enrolled key' };
    }
    return null;
  }

  private async goLive(auth: AuthMessage): Promise<void> {
    const agentId = auth.agent_id;
    const sessionId = this.ctx.newSessionId();
    this.state = { name: 'live', agentId, sessionId };
    this.authenticatedAgentId = agentId;
    this.liveSessionId = sessionId;
    this.ctx.registry.claim(this);
    const at = this.ctx.clock();
    const claim = await this.ctx.store.recordConnect(agentId, {
      sessionId,
      at,
      version: auth.version,
      capabilities: auth.capabilities,
      remoteIp: this.remoteIp,
    });
    if (claim === null) {
      // Revoked or deleted (perhaps through another replica) after its credential was read.
      const credential = await this.ctx.store.credentialFor(agentId);
      return this.end(credential === undefined ? 'deregistered' : 'revoked');
    }
    this.claimEpoch = claim.epoch;
    this.ctx.onClaimed?.(agentId, sessionId, claim.epoch);
    await this.ctx.jobs?.loadIntent(agentId);
    if (this.state.name !== 'live') return;
    this.ctx.log.info({ agentId, sessionId, remoteIp: this.remoteIp }, 'session live');
    this.send({
      type: 'welcome',
      session_id: sessionId,
      agent_id: agentId,
      heartbeat_interval_seconds: this.ctx.heartbeatIntervalSeconds,
      server_time: wireTime(at),
      intent: this.ctx.intentFor(agentId),
    });
    this.ctx.jobs?.sessionLive(agentId, this.jobChannel);
  }

  private handleLive(message: AgentMessage, agentId: string): void {
    const at = this.ctx.clock();
    switch (message.type) {
      case 'heartbeat':
        this.ctx.heartbeats.record({ agentId, sessionId: this.liveSessionId, at, heartbeat: message });
        this.send({
          type: 'heartbeat_ack',
          seq: message.seq,
          server_time: wireTime(at),
          intent: this.ctx.intentFor(agentId),
        });
        this.ctx.jobs?.heartbeat(agentId, this.jobChannel);
        return;
      case 'capabilities':
        this.ctx.store
          .recordCapabilities(agentId, { at, version: message.version, capabilities: message.capabilities })
          .catch((error: unknown) =>
            this.ctx.log.error({ err: error, agentId }, 'recording capabilities failed'),
          );
        return;
      case 'auth':
        return this.refuseFrame('unexpected_message', 'auth: this session is already authenticated');
      default:
        if (this.ctx.jobs !== undefined && isJobAgentMessage(message)) {
          return this.ctx.jobs.onMessage(agentId, message, this.jobChannel);
        }
        // A message the contract knows but this gateway does not serve: still answered, never dropped.
        // (Typed loosely on purpose: with every type handled, `message` is `never` here.)
        return this.refuseFrame(
          'unexpected_message',
          `${(message as { type: string }).type}: not served by this control plane`,
        );
    }
  }

  private refuseFrame(code: SessionErrorCode, message: string): void {
    const now = this.ctx.clock();
    if (now - this.errorWindowStart >= 60_000) {
      this.errorWindowStart = now;
      this.errorsInWindow = 0;
    }
    this.errorsInWindow += 1;
    if (this.errorsInWindow > ERROR_BUDGET_PER_MINUTE) return this.end('bad_message', 'too many bad frames');
    this.send({ type: 'error', code, message });
  }

  private send(message: ServerMessage): void {
    this.socket.send(encodeMessage(message));
  }
}

/** The close reason: the code's words, plus a detail when it helps, within a close frame's 123 bytes. */
function closeReason(name: CloseName, detail: string | undefined): string {
  const base = CLOSE_CODES[name].reason;
  if (detail === undefined) return base;
  // ASCII only, so that counting characters is counting bytes.
  const full = `${base}: ${detail.replace(/[^\x20-\x7e]/g, '?')}`;
  return full.length <= 123 ? full : `${full.slice(0, 120)}...`;
}

/**
 * Every frame carries server_time at whole seconds: format each second once, not once per frame
 * (the heartbeat path is the gateway's hot path).
 */
let lastSecond = -1;
let lastText = '';
function wireTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = toApiTimestamp(epochMs);
  }
  return lastText;
}
