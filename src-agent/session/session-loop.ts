import type { AgentMessage, JobServerMessage } from '../../src-shared/agent-protocol/index.js';
import type { AgentIdentity } from '../identity/agent-identity.js';
import type { Logger } from '../../src-node/logging/create-logger.js';
import type { Transport } from '../network/transport.js';
import type { Backoff } from '../reconnect/backoff.js';
import type { WorkerEvent } from '../worker/worker-state-machine.js';
import { classifySessionEnd, type SessionVerdict } from './classify-session-end.js';
import { SessionClient, sessionUrl, type HeartbeatFields } from './session-client.js';

/** The worker's jobs, as a session sees them (see worker/job-coordinator.ts). */
export interface SessionJobs {
  /** After `welcome`: send (false when the socket is gone) is good until `detach`. */
  attach(send: (message: AgentMessage) => boolean): void;
  detach(): void;
  handle(message: JobServerMessage): void;
  /** `welcome.intent` and each `heartbeat_ack.intent`, as received. */
  onIntent(intent: unknown): void;
}

export interface SessionLoopOptions {
  apiHost: string;
  sessionPath: string;
  agentId: string;
  identity: AgentIdentity;
  transport: Transport;
  version: string;
  capabilities: string[];
  heartbeat: () => Promise<HeartbeatFields>;
  backoff: Backoff;
  log: Logger;
  emit: (event: WorkerEvent) => void;
  jobs?: SessionJobs;
  now?: () => number;
}

export type LoopResult = Exclude<SessionVerdict, { action: 'retry' }> | { action: 'cancelled' };

/**
 * Keeps one session up: connect, and after any retryable end wait the backoff and connect again,
 * for as long as it takes (control plane restarts, network loss). It returns only when the server
 * says stop (revoked, deregistered, superseded, too old) or when cancelled.
 */
export class SessionLoop {
  private cancelled = false;
  private client: SessionClient | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly o: SessionLoopOptions) {}

  async run(): Promise<LoopResult> {
    const now = this.o.now ?? Date.now;
    const url = sessionUrl(this.o.apiHost, this.o.sessionPath);
    const origin = new URL(this.o.apiHost).origin;
    while (!this.cancelled) {
      this.o.emit({ type: 'connect_started' });
      this.o.log.info({ url, agentId: this.o.agentId }, 'connecting to the control plane');
      const client = new SessionClient({
        url,
        transport: this.o.transport,
        identity: this.o.identity,
        agentId: this.o.agentId,
        version: this.o.version,
        capabilities: this.o.capabilities,
        heartbeat: this.o.heartbeat,
        log: this.o.log,
        onWelcome: (welcome) => {
          this.o.backoff.markConnected();
          this.o.log.info(
            { sessionId: welcome.session_id, heartbeatIntervalSeconds: welcome.heartbeat_interval_seconds },
            'session established',
          );
          this.o.emit({ type: 'connected', at: now() });
          this.o.jobs?.attach((message) => client.send(message));
          this.o.jobs?.onIntent(welcome.intent);
        },
        onHeartbeatAck: (ack) => {
          this.o.emit({ type: 'heartbeat_acked', at: now() });
          this.o.jobs?.onIntent(ack.intent);
        },
        onJobMessage: (message) => this.o.jobs?.handle(message),
      });
      this.client = client;
      const end = await client.run();
      this.o.jobs?.detach();
      this.client = null;
      this.o.backoff.markDisconnected();
      if (this.cancelled) break;
      const verdict = classifySessionEnd(end, origin);
      if (verdict.action !== 'retry') {
        this.o.log.warn({ action: verdict.action }, verdict.reason);
        return verdict;
      }
      const delay = this.o.backoff.nextDelayMs();
      this.o.log.warn(
        { failure: verdict.failure, retryInMs: delay },
        `session lost (${verdict.failure}): ${verdict.reason}`,
      );
      this.o.emit({
        type: 'disconnected',
        failure: verdict.failure,
        reason: verdict.reason,
        at: now(),
        nextRetryAt: now() + delay,
      });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return { action: 'cancelled' };
  }

  /** True while a session is established (welcomed and not yet closed). */
  get live(): boolean {
    return this.client?.isLive ?? false;
  }

  /** Skips the rest of the backoff wait, if the loop is in one; true when it was. */
  reconnectNow(): boolean {
    if (this.wake === null) return false;
    this.wake();
    return true;
  }

  /** Ends the current session (if any) and the loop; `run()` then resolves with `cancelled`. */
  cancel(code = 1000, reason = 'agent stopping'): void {
    this.cancelled = true;
    this.client?.close(code, reason);
    this.wake?.();
  }
}
