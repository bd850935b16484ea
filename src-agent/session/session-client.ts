import WebSocket from 'ws';
import {
  AGENT_SUBPROTOCOL,
  MAX_FRAME_BYTES,
  decodeServerMessage,
  encodeMessage,
  sessionSigningText,
  type AgentMessage,
  type HeartbeatAckMessage,
  type HeartbeatMessage,
  type JobServerMessage,
  type WelcomeMessage,
} from '../../src-shared/agent-protocol/index.js';
import type { AgentIdentity } from '../identity/agent-identity.js';
import { signMessage } from '../identity/agent-identity.js';
import type { Logger } from '../../src-node/logging/create-logger.js';
import type { Transport } from '../network/transport.js';

/** How a session ended, before anyone decides what to do about it (see classify-session-end.ts). */
export type SessionEnd =
  | { kind: 'closed'; code: number; reason: string; wasLive: boolean }
  | { kind: 'refused'; status: number; wasLive: false }
  | { kind: 'failed'; error: Error; wasLive: boolean };

export type HeartbeatFields = Pick<
  HeartbeatMessage,
  'cpu_percent' | 'memory_percent' | 'disk_free_gb' | 'active_jobs' | 'queue_depth' | 'last_error'
>;

export interface SessionClientOptions {
  url: string;
  transport: Transport;
  identity: AgentIdentity;
  agentId: string;
  version: string;
  capabilities: string[];
  heartbeat: () => Promise<HeartbeatFields>;
  log: Logger;
  onWelcome: (welcome: WelcomeMessage) => void;
  onHeartbeatAck: (ack: HeartbeatAckMessage) => void;
  /** Job messages (assign, cancel, acks, reconcile result); ignored when nobody runs jobs. */
  onJobMessage?: (message: JobServerMessage) => void;
  /** Give up on a server that has not welcomed us by then. */
  handshakeTimeoutMs?: number;
}

/** The session URL for an API host: same host and port, ws(s) instead of http(s). */
export function sessionUrl(apiHost: string, path: string): string {
  const url = new URL(path, apiHost);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * One session: connect, answer `hello` with a signed `auth`, then heartbeat at the interval the
 * server asks for until the socket closes. It never reconnects by itself; `run()` resolves with how
 * the session ended.
 */
export class SessionClient {
  private ws: WebSocket | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private seq = 0;
  private live = false;
  private idleLimitMs: number;

  constructor(private readonly options: SessionClientOptions) {
    this.idleLimitMs = options.handshakeTimeoutMs ?? 15_000;
  }

  run(): Promise<SessionEnd> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (end: SessionEnd): void => {
        if (settled) return;
        settled = true;
        this.stopTimers();
        resolve(end);
      };
      const { agent, ca } = this.options.transport.optionsFor(this.options.url);
      const ws = new WebSocket(this.options.url, [AGENT_SUBPROTOCOL], {
        ...(agent ? { agent } : {}),
        ...(ca ? { ca } : {}),
        maxPayload: MAX_FRAME_BYTES,
        handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000,
        perMessageDeflate: false,
      });
      this.ws = ws;
      this.touch();
      ws.on('unexpected-response', (_req, res) => {
        finish({ kind: 'refused', status: res.statusCode ?? 0, wasLive: false });
        ws.terminate();
      });
      ws.on('error', (error) => finish({ kind: 'failed', error, wasLive: this.live }));
      ws.on('close', (code, reason) =>
        finish({ kind: 'closed', code, reason: reason.toString('utf8'), wasLive: this.live }),
      );
      ws.on('ping', () => this.touch());
      ws.on('message', (data, isBinary) => {
        this.touch();
        if (isBinary) {
          this.options.log.warn('the control plane sent a binary frame; ignored');
          return;
        }
        const bytes = Buffer.isBuffer(data)
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data);
        this.handle(ws, bytes.toString('utf8'));
      });
    });
  }

  get isLive(): boolean {
    return this.live && this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends a message on the live socket; false when there is none (the caller keeps it for later). */
  send(message: AgentMessage): boolean {
    const ws = this.ws;
    if (!this.live || !ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeMessage(message));
    return true;
  }

  /** Ends the session from our side (shutdown, pause, unenroll). */
  close(code = 1000, reason = 'agent stopping'): void {
    this.stopTimers();
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    else ws.terminate();
  }

  private handle(ws: WebSocket, frame: string): void {
    const decoded = decodeServerMessage(frame);
    if (!decoded.ok) {
      this.options.log.warn(
        { code: decoded.code, problem: decoded.message },
        'ignored a frame from the control plane',
      );
      return;
    }
    const message = decoded.message;
    switch (message.type) {
      case 'hello': {
        const signature = signMessage(
          this.options.identity,
          sessionSigningText(this.options.agentId, message.nonce),
        );
        ws.send(
          encodeMessage({
            type: 'auth',
            agent_id: this.options.agentId,
            signature,
            version: this.options.version,
            capabilities: this.options.capabilities,
          }),
        );
        return;
      }
      case 'welcome': {
        this.live = true;
        const intervalMs = message.heartbeat_interval_seconds * 1000;
        // The server pings every interval and acks every heartbeat: three silent intervals means the
        // socket is half-open (a NAT or proxy dropped it without a FIN), so it is dropped here too.
        this.idleLimitMs = intervalMs * 3 + 5_000;
        this.touch();
        this.options.onWelcome(message);
        this.scheduleHeartbeat(ws, 0, intervalMs);
        return;
      }
      case 'heartbeat_ack':
        this.options.onHeartbeatAck(message);
        return;
      case 'job_assign':
      case 'job_cancel':
      case 'job_log_ack':
      case 'job_event_ack':
      case 'job_reconcile_result':
        this.options.onJobMessage?.(message);
        return;
      case 'error':
        this.options.log.warn(
          { code: message.code, problem: message.message },
          'the control plane reported a problem with a frame we sent',
        );
        return;
    }
  }

  private scheduleHeartbeat(ws: WebSocket, delayMs: number, intervalMs: number): void {
    this.heartbeatTimer = setTimeout(() => {
      void this.options
        .heartbeat()
        .then((fields) => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(encodeMessage({ type: 'heartbeat', seq: this.seq++, ...fields }));
          this.scheduleHeartbeat(ws, intervalMs, intervalMs);
        })
        .catch((error: unknown) => {
          this.options.log.error({ err: error }, 'could not take a health sample');
          this.scheduleHeartbeat(ws, intervalMs, intervalMs);
        });
    }, delayMs);
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.options.log.warn(
        { silentForMs: this.idleLimitMs },
        'no word from the control plane; dropping the connection as dead',
      );
      this.ws?.terminate();
    }, this.idleLimitMs);
  }

  private stopTimers(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.heartbeatTimer = null;
    this.idleTimer = null;
  }
}
