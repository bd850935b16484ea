import {
  HostApiError,
  type HostApiErrorCode,
  type HostApiRequest,
} from '../../src-shared/host-api/envelope.js';
import type { HostApiEvent, HostApiEventPayload } from '../../src-shared/host-api/events.js';
import type { HostApiMethod, HostApiResult } from '../../src-shared/host-api/methods.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import { connectedSnapshot, SNAPSHOT_AGENT_ID } from '../../tests/helpers/host-snapshot.js';
import type { LinkState, RendererTransport } from '../transport/renderer-transport.js';

type Handler = (params: unknown) => unknown;

/**
 * A test double of the host at the transport seam: answers calls from per-method handlers (a thrown
 * `{ code, message }` becomes an error envelope), records every request, and pushes events on demand.
 */
export class FakeHost implements RendererTransport {
  readonly requests: HostApiRequest[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly linkListeners = new Set<(link: LinkState) => void>();
  private currentLink: LinkState = { state: 'open' };

  handle<M extends HostApiMethod>(
    method: M,
    handler: (params: unknown) => HostApiResult<M> | Promise<HostApiResult<M>>,
  ): this {
    this.handlers.set(method, handler);
    return this;
  }

  fail(method: HostApiMethod, code: HostApiErrorCode, message: string): this {
    this.handlers.set(method, () => {
      throw new HostApiError(code, message);
    });
    return this;
  }

  calls(method: HostApiMethod): unknown[] {
    return this.requests.filter((r) => r.method === method).map((r) => r.params);
  }

  async call(request: HostApiRequest): Promise<unknown> {
    this.requests.push(request);
    const handler = this.handlers.get(request.method);
    if (handler === undefined) {
      return {
        id: request.id,
        ok: false,
        error: { code: 'unknown_method', message: `no handler for ${request.method}` },
      };
    }
    try {
      return { id: request.id, ok: true, result: await handler(request.params) };
    } catch (error) {
      if (!(error instanceof HostApiError)) throw error;
      return { id: request.id, ok: false, error: error.toBody() };
    }
  }

  subscribe(listener: (message: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push<E extends HostApiEvent>(event: E, payload: HostApiEventPayload<E>): void {
    for (const listener of this.listeners) listener({ event, payload });
  }

  link(): LinkState {
    return this.currentLink;
  }

  onLink(listener: (link: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  setLink(link: LinkState): void {
    this.currentLink = link;
    for (const listener of this.linkListeners) listener(link);
  }

  close(): void {
    this.listeners.clear();
  }
}

/**
 * A snapshot of an enrolled, connected, idle host with a heartbeat 12 s ago and a health sample;
 * override what a test is about.
 */
export function snapshotOf(overrides: Partial<HostSnapshot> = {}): HostSnapshot {
  const now = Date.now();
  const apiHost = 'https://api.example.com';
  const base = connectedSnapshot({
    enrollment: { state: 'enrolled', agentId: SNAPSHOT_AGENT_ID, label: 'etl-01', apiHost },
    worker: { apiHost, lastHeartbeatAt: now - 12_000, slots: 2 },
    health: {
      at: now - 5000,
      cpu_percent: 34,
      memory_percent: 61,
      disk_free_gb: 412.5,
      active_jobs: 0,
      queue_depth: 0,
    },
  });
  return { ...base, ...overrides };
}

/** A host that answers the calls every view makes on load. */
export function standardHost(snapshot: HostSnapshot = snapshotOf()): FakeHost {
  return new FakeHost()
    .handle('snapshot', () => snapshot)
    .handle('metricHistory', () => ({ samples: [] }))
    .handle('logs', () => ({ lines: [], olderCursor: null, newerCursor: null }));
}
