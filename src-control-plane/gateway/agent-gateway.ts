import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  chooseSubprotocol,
  CLOSE_CODES,
  MAX_FRAME_BYTES,
  NONCE_BYTES,
  SESSION_PATH,
  type SubprotocolChoice,
} from '../../src-shared/agent-protocol/index.js';
import type { GatewayJobs } from '../jobs/gateway-jobs.js';
import { AgentSession, type SessionContext } from './agent-session.js';
import { clientAddress, type TrustedProxies } from './client-address.js';
import { HeartbeatWriter } from './heartbeat-writer.js';
import { SessionRegistry } from './session-registry.js';
import { verifySessionSignature } from './session-signature.js';
import type { SessionStore } from './session-store.js';

export interface AgentGatewayOptions {
  store: SessionStore;
  log: Logger;
  trustedProxies: TrustedProxies;
  /** How often agents heartbeat (told in `welcome` and in the enrollment answer). */
  heartbeatIntervalSeconds: number;
  /** Ping period; a socket that has not answered the previous ping is dropped. Default: the heartbeat interval. */
  keepaliveMs?: number;
  authTimeoutMs?: number;
  heartbeatFlushMs?: number;
  /** Connections beyond this are closed with `overloaded` (the agent retries with backoff). */
  maxConnections?: number;
  clock?: () => number;
  /** Job dispatch: job messages, offers re-sent on connect and heartbeat, jobs in the intent. */
  jobs?: GatewayJobs;
  /** A session's claim on its agent committed (the cluster tells the other replicas). */
  onClaimed?: (agentId: string, sessionId: string, epoch: number) => void;
  /** A heartbeat arrived on a live session (the metrics count them). */
  onHeartbeat?: () => void;
  random?: () => number;
}

const SHUTDOWN_GRACE_MS = 1000;

/**
 * The agent session endpoint on the control plane's HTTP server. A plain `ws` server in noServer
 * mode: it answers only upgrades of SESSION_PATH, so the REST routes keep Fastify to themselves.
 */
export class AgentGateway {
  readonly registry = new SessionRegistry();
  private readonly wss: WebSocketServer;
  private readonly heartbeats: HeartbeatWriter;
  private readonly connections = new Map<WebSocket, AgentSession>();
  private readonly awaitingPong = new Set<WebSocket>();
  private readonly choices = new WeakMap<IncomingMessage, SubprotocolChoice>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly keepalive: NodeJS.Timeout;
  private readonly ctx: SessionContext;
  private closing: Promise<void> | null = null;
  private draining: Promise<void> | null = null;
  /** Claims of one agent are written in the order its sessions went live here. */
  private readonly claims = new Map<string, Promise<unknown>>();

  constructor(private readonly options: AgentGatewayOptions) {
    const log = options.log;
    this.heartbeats = new HeartbeatWriter(
      async (batch) => {
        const losses = await this.track(options.store.recordHeartbeats(batch));
        for (const loss of losses) this.registry.endLost(loss.agentId, loss.sessionId, loss.close);
      },
      options.heartbeatFlushMs ?? 250,
      (error) => log.error({ err: error }, 'writing heartbeats failed'),
    );
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (_offered, req) => {
        const choice = this.choices.get(req);
        return choice !== undefined && choice.kind !== 'refuse' ? choice.protocol : false;
      },
    });
    this.ctx = {
      store: this.trackedStore(options.store),
      registry: this.registry,
      heartbeats: {
        record: (received) => {
          options.onHeartbeat?.();
          this.heartbeats.record(received);
        },
      },
      verifySignature: verifySessionSignature,
      intentFor: (agentId) => ({ accepting_work: !this.stopping, ...options.jobs?.intent(agentId) }),
      onClaimed: options.onClaimed,
      jobs: options.jobs,
      clock: options.clock ?? Date.now,
      newNonce: () => randomBytes(NONCE_BYTES).toString('base64url'),
      newSessionId: () => `ses_${randomUUID()}`,
      heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
      authTimeoutMs: options.authTimeoutMs ?? 10_000,
      log,
    };
    this.keepalive = setInterval(
      () => this.pingAll(),
      options.keepaliveMs ?? options.heartbeatIntervalSeconds * 1000,
    );
    this.keepalive.unref();
  }

  /** Answers WebSocket upgrades of SESSION_PATH on this server (and refuses every other upgrade). */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  /** Closes the agent's live session (revoke, delete); its key is refused from now on by the store. */
  terminate(agentId: string, name: 'revoked' | 'deregistered'): void {
    this.registry.terminate(agentId, name);
  }

  /** Another replica's session of the agent went live: an older one here closes. */
  supersedeOlder(agentId: string, sessionId: string, epoch: number): void {
    this.registry.supersedeOlder(agentId, sessionId, epoch);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Before a shutdown: new upgrades are refused, and each session is closed with `server_shutdown`
   * at a random moment within `windowMs`, so its agent reconnects (through the balancer, to another
   * replica) without the whole fleet arriving there at once. Resolves when all are closed. Idempotent.
   */
  drain(windowMs: number): Promise<void> {
    this.draining ??= this.spreadShutdown(windowMs);
    return this.draining;
  }

  private get stopping(): boolean {
    return this.closing !== null || this.draining !== null;
  }

  private async spreadShutdown(windowMs: number): Promise<void> {
    const random = this.options.random ?? Math.random;
    const timers = [...this.connections.values()].map(
      (session) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              session.end('server_shutdown');
              resolve();
            },
            Math.floor(random() * windowMs),
          );
        }),
    );
    await Promise.all(timers);
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.connections.size > 0 && Date.now() < deadline) await sleep(20);
  }

  /** Closes every session with `server_shutdown` and writes what is pending. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.keepalive);
    for (const session of this.connections.values()) session.end('server_shutdown');
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.connections.size > 0 && Date.now() < deadline) await sleep(20);
    for (const ws of this.connections.keys()) ws.terminate();
    await this.heartbeats.flush();
    await Promise.allSettled([...this.inflight]);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // An error on a socket we have not handed to ws yet must not become an uncaught exception.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== SESSION_PATH)
      return refuseUpgrade(socket, 404, 'route_not_found', `no WebSocket at ${path}`);
    if (this.stopping) {
      return refuseUpgrade(socket, 503, 'server_shutdown', 'the control plane is shutting down');
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const choice = chooseSubprotocol(offered);
    if (choice.kind === 'refuse') {
      return refuseUpgrade(
        socket,
        400,
        'unsupported_subprotocol',
        'offer WebSocket subprotocol planasonix.agent.v1',
      );
    }
    this.choices.set(req, choice);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, choice));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, choice: SubprotocolChoice): void {
    ws.on('error', (error) => this.options.log.warn({ err: error }, 'agent socket error'));
    if (choice.kind === 'too_old') {
      return ws.close(CLOSE_CODES.protocol_too_old.code, CLOSE_CODES.protocol_too_old.reason);
    }
    if (this.stopping) return ws.close(CLOSE_CODES.server_shutdown.code, CLOSE_CODES.server_shutdown.reason);
    if (this.connections.size >= (this.options.maxConnections ?? 50_000)) {
      return ws.close(CLOSE_CODES.overloaded.code, CLOSE_CODES.overloaded.reason);
    }
    const remoteIp = clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      this.options.trustedProxies,
    );
    const session = new AgentSession(ws, remoteIp, this.ctx);
    this.connections.set(ws, session);
    ws.on('message', (data, isBinary) => session.onFrame(isBinary ? null : textOf(data)));
    ws.on('pong', () => this.awaitingPong.delete(ws));
    ws.on('close', () => {
      this.connections.delete(ws);
      this.awaitingPong.delete(ws);
      session.onSocketClosed();
    });
  }

  /** A socket that did not answer the previous ping is half-open (or its peer is stuck): drop it. */
  private pingAll(): void {
    for (const ws of this.connections.keys()) {
      if (this.awaitingPong.has(ws)) {
        ws.terminate();
        continue;
      }
      this.awaitingPong.add(ws);
      ws.ping();
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inflight.add(promise);
    const forget = () => this.inflight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /**
   * Two sessions of one agent going live here close together must claim in that order, or the older
   * one's claim could land last and win in the database while the newer one is the one still open.
   */
  private inClaimOrder<T>(agentId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.claims.get(agentId) ?? Promise.resolve();
    const next = previous.then(write, write);
    this.claims.set(agentId, next);
    const forget = () => {
      if (this.claims.get(agentId) === next) this.claims.delete(agentId);
    };
    next.then(forget, forget);
    return next;
  }

  /** The store as sessions see it: every write is tracked, so shutdown can wait for them. */
  private trackedStore(store: SessionStore): SessionStore {
    return {
      credentialFor: (agentId) => store.credentialFor(agentId),
      recordConnect: (agentId, facts) =>
        this.track(this.inClaimOrder(agentId, () => store.recordConnect(agentId, facts))),
      recordCapabilities: (agentId, facts) => this.track(store.recordCapabilities(agentId, facts)),
      recordDisconnect: (agentId, sessionId, at) =>
        this.track(store.recordDisconnect(agentId, sessionId, at)),
      recordHeartbeats: (batch) => store.recordHeartbeats(batch),
    };
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
