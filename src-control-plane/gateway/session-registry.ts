import type { CloseName } from '../../src-shared/agent-protocol/index.js';

/** A live (authenticated) session as the registry sees it. */
export interface LiveSession {
  readonly agentId: string;
  readonly sessionId: string;
  /** The epoch its claim committed with; null until that write returns. */
  readonly epoch: number | null;
  /** Close the session with this code; its socket's close then calls `release`. */
  end(name: CloseName): void;
}

/**
 * At most one live session per agent. The newest wins: claiming an agent ends its older session
 * with `superseded`. Terminations (revoke, delete) end the session and bump an epoch that a session
 * still authenticating checks before it goes live, so a revoke landing between its credential read
 * and its claim is not missed.
 */
export class SessionRegistry {
  private readonly live = new Map<string, LiveSession>();
  private epoch = 0;

  get size(): number {
    return this.live.size;
  }

  /** Changes whenever an agent is terminated; read before a credential lookup, compare at claim. */
  get terminationEpoch(): number {
    return this.epoch;
  }

  claim(session: LiveSession): void {
    const previous = this.live.get(session.agentId);
    this.live.set(session.agentId, session);
    if (previous !== undefined && previous !== session) previous.end('superseded');
  }

  /** True when `session` was the agent's live one (so the agent is now disconnected). */
  release(session: LiveSession): boolean {
    if (this.live.get(session.agentId) !== session) return false;
    this.live.delete(session.agentId);
    return true;
  }

  terminate(agentId: string, name: 'revoked' | 'deregistered'): void {
    this.epoch += 1;
    const session = this.live.get(agentId);
    if (session === undefined) return;
    this.live.delete(agentId);
    session.end(name);
  }

  /**
   * Another replica's session of the agent went live with `epoch`: an older session here closes with
   * `superseded`. One whose claim has not returned yet is left alone (if it is the older one, its
   * next heartbeat write finds out).
   */
  supersedeOlder(agentId: string, sessionId: string, epoch: number): void {
    const session = this.live.get(agentId);
    if (session === undefined || session.sessionId === sessionId) return;
    if (session.epoch === null || session.epoch >= epoch) return;
    this.live.delete(agentId);
    session.end('superseded');
  }

  /** The store says this session no longer holds its agent: close it with the reason it gave. */
  endLost(agentId: string, sessionId: string, name: 'revoked' | 'deregistered' | 'superseded'): void {
    const session = this.live.get(agentId);
    if (session?.sessionId !== sessionId) return;
    if (name !== 'superseded') this.epoch += 1;
    this.live.delete(agentId);
    session.end(name);
  }

  isLive(session: LiveSession): boolean {
    return this.live.get(session.agentId) === session;
  }

  sessions(): IterableIterator<LiveSession> {
    return this.live.values();
  }
}
