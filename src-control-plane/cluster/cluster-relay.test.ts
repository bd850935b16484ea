import { describe, expect, it } from 'vitest';
import type { JobChange } from '../jobs/job-changes.js';
import type { AgentEvent } from '../agents/agent-events.js';
import type { ApiKeyEvent } from '../api-keys/api-key-events.js';
import { EventBus } from '../common/event-bus.js';
import type { ClusterBus, ClusterListener } from './cluster-bus.js';
import type { ClusterMessage } from './cluster-messages.js';
import { startClusterRelay } from './cluster-relay.js';

/** A broadcast medium like NOTIFY: every subscriber, the sender's own included, hears each message. */
class Medium {
  readonly sent: ClusterMessage[] = [];
  private readonly listeners = new Set<ClusterListener>();
  bus(): ClusterBus {
    return {
      publish: (message) => {
        this.sent.push(message);
        for (const listener of this.listeners) listener(structuredClone(message));
        return Promise.resolve();
      },
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      deliveryEpoch: () => 1,
      close: () => Promise.resolve(),
    };
  }
}

function replica(id: string, medium: Medium) {
  const agentEvents = new EventBus<AgentEvent>((error) => {
    throw error;
  });
  const jobEvents = new EventBus<JobChange>((error) => {
    throw error;
  });
  const keyEvents = new EventBus<ApiKeyEvent>((error) => {
    throw error;
  });
  const seen: string[] = [];
  keyEvents.on('api_key.revoked', (event) => seen.push(`${event.type} ${event.keyId}`));
  for (const type of ['agent.revoked', 'agent.deleted', 'agent.session_claimed', 'agent.enabled'] as const) {
    agentEvents.on(type, (event) => seen.push(`${event.type} ${event.agentId}`));
  }
  for (const type of [
    'job.queued',
    'job.cancel_requested',
    'job.finished',
    'job.assigned',
    'job.log_appended',
  ] as const) {
    jobEvents.on(type, (event) => seen.push(`${event.type} ${event.jobId}`));
  }
  const warnings: unknown[] = [];
  const stop = startClusterRelay({
    replicaId: id,
    bus: medium.bus(),
    agentEvents,
    jobEvents,
    keyEvents,
    log: { warn: (...args: unknown[]) => warnings.push(args) },
  });
  return { agentEvents, jobEvents, keyEvents, seen, stop, warnings };
}

describe('cluster relay', () => {
  it('re-emits what another replica relayed, once, and never relays it back', () => {
    const medium = new Medium();
    const a = replica('rpl_a', medium);
    const b = replica('rpl_b', medium);
    a.agentEvents.emit({ type: 'agent.revoked', agentId: 'agt_1', revokedAt: 1, reason: null });
    b.jobEvents.emit({ type: 'job.queued', jobId: 'job_1', fromAgentId: 'agt_2' });
    expect(a.seen).toEqual(['agent.revoked agt_1', 'job.queued job_1']);
    expect(b.seen).toEqual(['agent.revoked agt_1', 'job.queued job_1']);
    // One message per local event: re-emitted events are not sent on (no ping-pong).
    expect(medium.sent.map((m) => `${m.origin} ${m.event.type}`)).toEqual([
      'rpl_a agent.revoked',
      'rpl_b job.queued',
    ]);
  });

  it('relays a key revocation to every other replica, and a ping to none', () => {
    const medium = new Medium();
    const a = replica('rpl_a', medium);
    const b = replica('rpl_b', medium);
    const c = replica('rpl_c', medium);
    a.keyEvents.emit({ type: 'api_key.revoked', keyId: 'key_1' });
    void medium.bus().publish({ origin: 'rpl_c', event: { type: 'cluster.ping', sentAt: 1 } });
    expect(b.seen).toEqual(['api_key.revoked key_1']);
    expect(c.seen).toEqual(['api_key.revoked key_1']);
    expect(medium.sent.map((m) => `${m.origin} ${m.event.type}`)).toEqual([
      'rpl_a api_key.revoked',
      'rpl_c cluster.ping',
    ]);
  });

  it('relays only the events other replicas act on', () => {
    const medium = new Medium();
    const a = replica('rpl_a', medium);
    replica('rpl_b', medium);
    a.agentEvents.emit({ type: 'agent.enabled', agentId: 'agt_1' });
    a.jobEvents.emit({ type: 'job.assigned', jobId: 'job_1', agentId: 'agt_1', epoch: 1, queuedMs: 5 });
    a.jobEvents.emit({ type: 'job.cancel_requested', jobId: 'job_2', agentId: 'agt_1', epoch: 1 });
    a.jobEvents.emit({ type: 'job.finished', jobId: 'job_3', agentId: null });
    a.jobEvents.emit({ type: 'job.log_appended', jobId: 'job_3' });
    a.agentEvents.emit({ type: 'agent.session_claimed', agentId: 'agt_1', sessionId: 's', epoch: 2 });
    a.agentEvents.emit({ type: 'agent.deleted', agentId: 'agt_9' });
    expect(medium.sent.map((m) => m.event.type)).toEqual([
      'job.cancel_requested',
      'job.finished',
      'job.log_appended',
      'agent.session_claimed',
      'agent.deleted',
    ]);
  });

  it('ignores a message that names this replica as its origin', () => {
    const medium = new Medium();
    const a = replica('rpl_a', medium);
    void medium.bus().publish({ origin: 'rpl_a', event: { type: 'agent.deleted', agentId: 'agt_1' } });
    expect(a.seen).toEqual([]);
  });

  it('stops relaying both ways when stopped', () => {
    const medium = new Medium();
    const a = replica('rpl_a', medium);
    const b = replica('rpl_b', medium);
    b.stop();
    a.agentEvents.emit({ type: 'agent.deleted', agentId: 'agt_1' });
    b.agentEvents.emit({ type: 'agent.deleted', agentId: 'agt_2' });
    expect(b.seen).toEqual(['agent.deleted agt_2']);
    expect(medium.sent).toHaveLength(1);
  });

  it('logs a failed publish at warn and carries on', async () => {
    const medium = new Medium();
    const bus = medium.bus();
    const agentEvents = new EventBus<AgentEvent>(() => undefined);
    const warnings: unknown[] = [];
    startClusterRelay({
      replicaId: 'rpl_a',
      bus: { ...bus, publish: () => Promise.reject(new Error('connection lost')) },
      agentEvents,
      jobEvents: new EventBus<JobChange>(() => undefined),
      keyEvents: new EventBus<ApiKeyEvent>(() => undefined),
      log: { warn: (...args: unknown[]) => warnings.push(args) },
    });
    agentEvents.emit({ type: 'agent.deleted', agentId: 'agt_1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toHaveLength(1);
  });
});
