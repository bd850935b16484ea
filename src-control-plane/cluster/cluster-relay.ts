import type { Logger } from 'pino';
import type { JobChange, JobChangeBus } from '../jobs/job-changes.js';
import type { AgentEvent, AgentEventBus } from '../agents/agent-events.js';
import type { ApiKeyEvent, ApiKeyEventBus } from '../api-keys/api-key-events.js';
import type { ClusterBus } from './cluster-bus.js';

export interface ClusterRelayDeps {
  replicaId: string;
  bus: ClusterBus;
  agentEvents: AgentEventBus;
  jobEvents: JobChangeBus;
  keyEvents: ApiKeyEventBus;
  log: Pick<Logger, 'warn'>;
}

/** Agent events another replica must act on (the one holding the agent's socket). */
const AGENT_TYPES = ['agent.revoked', 'agent.deleted', 'agent.session_claimed'] as const;
/**
 * Job events every replica reacts to: its scheduler kicks, its agent is told, its log followers end
 * or read on (`job.log_appended` is already throttled per job where it is emitted).
 */
const JOB_TYPES = ['job.queued', 'job.cancel_requested', 'job.finished', 'job.log_appended'] as const;
/** Every replica caches checked keys: a revocation must reach them all. */
const KEY_TYPES = ['api_key.revoked'] as const;

/**
 * Forwards the local events other replicas must see to the cluster bus, and re-emits what other
 * replicas sent on this replica's own buses. An event re-emitted here is never forwarded again
 * (else two replicas would bounce it forever). Returns a function that stops relaying.
 */
export function startClusterRelay(deps: ClusterRelayDeps): () => void {
  const fromElsewhere = new WeakSet<object>();
  // Typed as the local events: the compiler checks they and the wire schema stay the same shapes.
  const forward = (event: Relayed) => {
    if (fromElsewhere.has(event)) return;
    deps.bus.publish({ origin: deps.replicaId, event }).catch((error: unknown) => {
      deps.log.warn({ err: error, event: event.type }, 'relaying an event to the other replicas failed');
    });
  };
  const stops = [
    ...AGENT_TYPES.map((type) => deps.agentEvents.on(type, forward)),
    ...JOB_TYPES.map((type) => deps.jobEvents.on(type, forward)),
    ...KEY_TYPES.map((type) => deps.keyEvents.on(type, forward)),
  ];
  stops.push(
    deps.bus.subscribe(({ origin, event }) => {
      if (origin === deps.replicaId || event.type === 'cluster.ping') return;
      // A fresh object per delivery: the mark must not outlive this one emit.
      const local: Relayed = { ...event };
      fromElsewhere.add(local);
      if (local.type === 'api_key.revoked') deps.keyEvents.emit(local);
      else if (isAgentEvent(local)) deps.agentEvents.emit(local);
      else deps.jobEvents.emit(local);
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}

type Relayed =
  | Extract<AgentEvent, { type: (typeof AGENT_TYPES)[number] }>
  | Extract<JobChange, { type: (typeof JOB_TYPES)[number] }>
  | ApiKeyEvent;

function isAgentEvent(event: Relayed): event is Extract<Relayed, AgentEvent> {
  return event.type.startsWith('agent.');
}
