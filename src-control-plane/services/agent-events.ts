import type { EventBus } from './event-bus.js';

/** Lifecycle changes that live sessions must react to (emitted after the change is committed). */
export type AgentEvent =
  | { type: 'agent.revoked'; agentId: string; revokedAt: number; reason: string | null }
  | { type: 'agent.enabled'; agentId: string }
  | { type: 'agent.deleted'; agentId: string };

export type AgentEventBus = EventBus<AgentEvent>;
