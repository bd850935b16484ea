import type { EventBus } from '../common/event-bus.js';

/** Lifecycle changes that live sessions must react to (emitted after the change is committed). */
export type AgentEvent =
  | { type: 'agent.revoked'; agentId: string; revokedAt: number; reason: string | null }
  | { type: 'agent.enabled'; agentId: string }
  | { type: 'agent.deleted'; agentId: string }
  /** A session went live (its claim committed with `epoch`): an older session elsewhere must close. */
  | { type: 'agent.session_claimed'; agentId: string; sessionId: string; epoch: number };

export type AgentEventBus = EventBus<AgentEvent>;
