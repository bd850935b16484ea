import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import WebSocket from 'ws';
import {
  AGENT_SUBPROTOCOL,
  decodeServerMessage,
  ENROLL_PATH,
  SESSION_PATH,
  sessionSigningText,
  type EnrollRequest,
  type HeartbeatMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../../src-shared/agent-protocol/index.js';

/**
 * A scripted agent: a fake agent that speaks the agent protocol from the test's script, for gateway
 * tests and benches (the real agent is `real-agent-process.ts`): real Ed25519 keys from node:crypto, real HTTP for
 * enrollment, a real `ws` client for the session. It does exactly what a test tells it, so a test can
 * also make it misbehave.
 */
export interface AgentIdentity {
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  privateKey: KeyObject;
}

export function newIdentity(): AgentIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x;
  if (raw === undefined) throw new Error('node did not export the raw Ed25519 key');
  return { publicKey: raw, privateKey };
}

export function signNonce(identity: AgentIdentity, agentId: string, nonce: string): string {
  return sign(null, Buffer.from(sessionSigningText(agentId, nonce), 'utf8'), identity.privateKey).toString(
    'base64url',
  );
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export async function httpJson(
  baseUrl: string,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** Registers a pending agent through the REST API; answers its id and one-time token. */
export async function createPendingAgent(
  baseUrl: string,
  apiKey: string,
  label = 'gateway-test',
): Promise<{ id: string; token: string }> {
  const answer = await httpJson(baseUrl, 'POST', '/api/agents', {
    bearer: apiKey,
    body: { label, platform: 'linux' },
  });
  if (answer.status !== 201) throw new Error(`create agent: ${answer.status} ${JSON.stringify(answer.body)}`);
  const data = (answer.body as { data: { id: string; enrollment_token: string } }).data;
  return { id: data.id, token: data.enrollment_token };
}

export function enrollBody(identity: AgentIdentity, overrides: Partial<EnrollRequest> = {}): EnrollRequest {
  return {
    hostname: 'etl-test-01.internal',
    platform: 'linux',
    version: '0.1.0-test',
    capabilities: ['node_20'],
    metadata: { rack: 'r1' },
    public_key: identity.publicKey,
    ...overrides,
  };
}

export function redeem(baseUrl: string, token: string, body: unknown): Promise<HttpAnswer> {
  return httpJson(baseUrl, 'POST', ENROLL_PATH, { bearer: token, body });
}

/** Creates and enrolls an agent: the usual start of a session test. */
export async function enrollScriptedAgent(
  baseUrl: string,
  apiKey: string,
): Promise<{ agentId: string; identity: AgentIdentity }> {
  const { id, token } = await createPendingAgent(baseUrl, apiKey);
  const identity = newIdentity();
  const answer = await redeem(baseUrl, token, enrollBody(identity));
  if (answer.status !== 200) throw new Error(`enroll: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { agentId: id, identity };
}

export interface CloseEvent {
  code: number;
  reason: string;
  /** ms since the connection object was created */
  at: number;
}

/** One session socket, with its incoming messages queued in arrival order. */
export class ScriptedAgent {
  readonly closed: Promise<CloseEvent>;
  /** Frames from the server that break the protocol (a test expects none). */
  readonly unreadable: string[] = [];
  private readonly queue: ServerMessage[] = [];
  private waiting: ((message: ServerMessage | null) => void) | null = null;
  private isClosed = false;

  private constructor(readonly ws: WebSocket) {
    const started = Date.now();
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.isClosed = true;
        this.waiting?.(null);
        resolve({ code, reason: reason.toString('utf8'), at: Date.now() - started });
      });
    });
    ws.on('message', (data: Buffer, isBinary) => {
      const decoded = isBinary ? null : decodeServerMessage(data.toString('utf8'));
      if (decoded === null || !decoded.ok) {
        this.unreadable.push(decoded === null ? 'binary frame' : decoded.message);
        return;
      }
      const waiter = this.waiting;
      this.waiting = null;
      if (waiter !== null) waiter(decoded.message);
      else this.queue.push(decoded.message);
    });
  }

  /** Opens the socket; rejects if the handshake fails (unexpected-response answers included). */
  static open(
    baseUrl: string,
    options: { protocols?: string[]; headers?: Record<string, string> } = {},
  ): Promise<ScriptedAgent> {
    const url = `${baseUrl.replace(/^http/, 'ws')}${SESSION_PATH}`;
    const ws = new WebSocket(url, options.protocols ?? [AGENT_SUBPROTOCOL], { headers: options.headers });
    const connection = new ScriptedAgent(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(connection));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
        ws.terminate();
      });
    });
  }

  /** The next message, or null once the socket closed without one. */
  next(timeoutMs = 5000): Promise<ServerMessage | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.isClosed) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Answers `hello` with a signed `auth`; resolves with `welcome`, or null if the server closed. */
  async authenticate(agentId: string, identity: AgentIdentity): Promise<WelcomeMessage | null> {
    const hello = await this.next();
    if (hello?.type !== 'hello') throw new Error(`expected hello, got ${JSON.stringify(hello)}`);
    this.send({
      type: 'auth',
      agent_id: agentId,
      signature: signNonce(identity, agentId, hello.nonce),
      version: '0.1.0-test',
      capabilities: ['node_20', 'python_3_11'],
    });
    const answer = await this.next();
    if (answer === null) return null;
    if (answer.type !== 'welcome') throw new Error(`expected welcome, got ${JSON.stringify(answer)}`);
    return answer;
  }

  close(): Promise<CloseEvent> {
    if (!this.isClosed) this.ws.close(1000);
    return this.closed;
  }
}

/** Opens and authenticates a session; throws unless welcomed. */
export async function connectScriptedAgent(
  baseUrl: string,
  agentId: string,
  identity: AgentIdentity,
): Promise<ScriptedAgent> {
  const connection = await ScriptedAgent.open(baseUrl);
  const welcome = await connection.authenticate(agentId, identity);
  if (welcome === null) throw new Error(`session refused: ${JSON.stringify(await connection.closed)}`);
  return connection;
}

export function heartbeatMessage(seq: number, fields: Partial<HeartbeatMessage> = {}): HeartbeatMessage {
  return {
    type: 'heartbeat',
    seq,
    cpu_percent: 12.5,
    memory_percent: 40,
    disk_free_gb: 200,
    active_jobs: 0,
    queue_depth: 0,
    last_error: null,
    ...fields,
  };
}
