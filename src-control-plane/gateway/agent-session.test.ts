import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  CLOSE_CODES,
  decodeServerMessage,
  sessionSigningText,
  type ServerMessage,
} from '../../src-shared/agent-protocol/index.js';
import { AgentSession, ERROR_BUDGET_PER_MINUTE, type SessionContext } from './agent-session.js';
import { SessionRegistry } from './session-registry.js';
import { verifySessionSignature } from './session-signature.js';
import type { HeartbeatRecord, SessionCredential, SessionStore } from './session-store.js';

const AGENT = 'agt_01jq8p4d01aaaaaaaaaaaaaaaa';

class FakeSocket {
  sent: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  send(data: string) {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) throw new Error(`server sent an invalid frame: ${decoded.message}`);
    this.sent.push(decoded.message);
  }
  close(code: number, reason: string) {
    this.closed ??= { code, reason };
  }
  last() {
    return this.sent.at(-1);
  }
}

class MemoryStore implements SessionStore {
  credentials = new Map<string, SessionCredential>();
  connects: string[] = [];
  disconnects: string[] = [];
  beforeCredential: () => void = () => undefined;
  credentialFor(agentId: string) {
    this.beforeCredential();
    return Promise.resolve(this.credentials.get(agentId));
  }
  epoch = 0;
  recordConnect(agentId: string) {
    this.connects.push(agentId);
    const active = this.credentials.get(agentId)?.status === 'active';
    return Promise.resolve(active ? { epoch: ++this.epoch } : null);
  }
  recordCapabilities() {
    return Promise.resolve();
  }
  recordDisconnect(agentId: string) {
    this.disconnects.push(agentId);
    return Promise.resolve();
  }
  recordHeartbeats() {
    return Promise.resolve([]);
  }
}

function setup() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const store = new MemoryStore();
  store.credentials.set(AGENT, { status: 'active', publicKey: publicKey.export({ format: 'jwk' }).x ?? '' });
  const registry = new SessionRegistry();
  const heartbeats: HeartbeatRecord[] = [];
  let now = 1_000_000;
  const ctx: SessionContext = {
    store,
    registry,
    heartbeats: { record: (r) => heartbeats.push(r) },
    verifySignature: verifySessionSignature,
    intentFor: () => ({ accepting_work: true }),
    clock: () => now,
    newNonce: () => 'N'.repeat(42) + 'A',
    newSessionId: () => 'ses_test',
    heartbeatIntervalSeconds: 20,
    authTimeoutMs: 10_000,
    log: pino({ level: 'silent' }),
  };
  const open = () => {
    const socket = new FakeSocket();
    const session = new AgentSession(socket, '127.0.0.1', ctx);
    return { socket, session };
  };
  return { store, registry, heartbeats, ctx, open, privateKey, advance: (ms: number) => (now += ms) };
}

function authFrame(privateKey: KeyObject, nonce: string, agentId = AGENT) {
  const signature = sign(null, Buffer.from(sessionSigningText(agentId, nonce)), privateKey).toString(
    'base64url',
  );
  return JSON.stringify({
    type: 'auth',
    agent_id: agentId,
    signature,
    version: '1.0.0',
    capabilities: ['node_20'],
  });
}

function nonceOf(socket: FakeSocket): string {
  const hello = socket.sent[0];
  if (hello?.type !== 'hello') throw new Error('no hello');
  return hello.nonce;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const heartbeat = (seq: number) =>
  JSON.stringify({
    type: 'heartbeat',
    seq,
    cpu_percent: 10,
    memory_percent: 20,
    disk_free_gb: 30,
    active_jobs: 0,
    queue_depth: 0,
    last_error: null,
  });

describe('AgentSession', () => {
  it("holds welcome until the agent's jobs are read into its intent (an empty one would kill its jobs)", async () => {
    const t = setup();
    const held = [{ job_id: 'job_1', epoch: 1, state: 'running' as const, cancel: false }];
    let loaded: typeof held = [];
    let finishLoad: () => void = () => undefined;
    t.ctx.intentFor = () => ({ accepting_work: true, jobs: loaded, lease_seconds: 10 });
    t.ctx.jobs = {
      loadIntent: () =>
        new Promise<void>((resolve) => {
          finishLoad = () => {
            loaded = held;
            resolve();
          };
        }),
      sessionLive: () => undefined,
      sessionClosed: () => undefined,
      heartbeat: () => undefined,
      onMessage: () => undefined,
      intent: () => ({ jobs: loaded, lease_seconds: 10 }),
    };
    const { socket, session } = t.open();
    session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
    await flush();
    expect(socket.last()?.type).toBe('hello');
    finishLoad();
    await flush();
    expect(socket.last()).toMatchObject({ type: 'welcome', intent: { jobs: held } });
  });

  it('greets with a nonce, authenticates a valid signature and acknowledges heartbeats', async () => {
    const t = setup();
    const { socket, session } = t.open();
    session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
    await flush();
    expect(socket.last()).toMatchObject({ type: 'welcome', agent_id: AGENT, heartbeat_interval_seconds: 20 });
    expect(t.store.connects).toEqual([AGENT]);
    session.onFrame(heartbeat(7));
    expect(socket.last()).toMatchObject({ type: 'heartbeat_ack', seq: 7, intent: { accepting_work: true } });
    expect(t.heartbeats.map((h) => [h.agentId, h.heartbeat.seq])).toEqual([[AGENT, 7]]);
    session.onSocketClosed();
    expect(t.store.disconnects).toEqual([AGENT]);
  });

  it('closes on anything but auth first, binary included', () => {
    const t = setup();
    for (const frame of [heartbeat(1), '{', null, '{"type":"teleport"}']) {
      const { socket, session } = t.open();
      session.onFrame(frame);
      expect(socket.closed?.code).toBe(CLOSE_CODES.bad_message.code);
      expect(socket.sent.map((m) => m.type)).toEqual(['hello']);
    }
  });

  it('refuses a signature by another key, or over another nonce', async () => {
    const t = setup();
    const { socket, session } = t.open();
    session.onFrame(authFrame(generateKeyPairSync('ed25519').privateKey, nonceOf(socket)));
    await flush();
    expect(socket.closed?.code).toBe(CLOSE_CODES.auth_failed.code);
    const replay = t.open();
    replay.session.onFrame(authFrame(t.privateKey, 'M'.repeat(42) + 'A'));
    await flush();
    expect(replay.socket.closed?.code).toBe(CLOSE_CODES.auth_failed.code);
  });

  it('tells revoked, re-enabled and deleted agents apart', async () => {
    const t = setup();
    const cases: [SessionCredential | undefined, number][] = [
      [{ status: 'revoked', publicKey: null }, CLOSE_CODES.revoked.code],
      [{ status: 'pending', publicKey: null }, CLOSE_CODES.revoked.code],
      [undefined, CLOSE_CODES.deregistered.code],
    ];
    for (const [credential, code] of cases) {
      if (credential === undefined) t.store.credentials.delete(AGENT);
      else t.store.credentials.set(AGENT, credential);
      const { socket, session } = t.open();
      session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
      await flush();
      expect(socket.closed?.code).toBe(code);
    }
  });

  it('re-reads the credential when a revoke lands during authentication', async () => {
    const t = setup();
    const { socket, session } = t.open();
    let first = true;
    t.store.beforeCredential = () => {
      if (!first) return;
      first = false;
      t.registry.terminate(AGENT, 'revoked');
      t.store.credentials.set(AGENT, { status: 'revoked', publicKey: null });
    };
    session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
    await flush();
    expect(socket.closed?.code).toBe(CLOSE_CODES.revoked.code);
    expect(t.registry.size).toBe(0);
  });

  it('answers bad frames after auth with errors, then closes past the budget', async () => {
    const t = setup();
    const { socket, session } = t.open();
    session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
    await flush();
    session.onFrame('{"type":"from_the_future"}');
    expect(socket.last()).toMatchObject({ type: 'error', code: 'unknown_type' });
    session.onFrame(null);
    expect(socket.last()).toMatchObject({ type: 'error', code: 'malformed_frame' });
    session.onFrame(JSON.stringify({ type: 'heartbeat', seq: -1 }));
    expect(socket.last()).toMatchObject({ type: 'error', code: 'invalid_message' });
    for (let i = 3; i < ERROR_BUDGET_PER_MINUTE; i++) session.onFrame('[]');
    expect(socket.closed).toBeNull();
    session.onFrame('[]');
    expect(socket.closed?.code).toBe(CLOSE_CODES.bad_message.code);
  });

  it('forgives old errors once a minute has passed', async () => {
    const t = setup();
    const { socket, session } = t.open();
    session.onFrame(authFrame(t.privateKey, nonceOf(socket)));
    await flush();
    for (let i = 0; i < ERROR_BUDGET_PER_MINUTE; i++) session.onFrame('[]');
    t.advance(60_000);
    session.onFrame('[]');
    expect(socket.closed).toBeNull();
  });

  it('lets the newest session win; the older one is closed and does not mark the agent offline', async () => {
    const t = setup();
    const older = t.open();
    older.session.onFrame(authFrame(t.privateKey, nonceOf(older.socket)));
    await flush();
    const newer = t.open();
    newer.session.onFrame(authFrame(t.privateKey, nonceOf(newer.socket)));
    await flush();
    expect(older.socket.closed?.code).toBe(CLOSE_CODES.superseded.code);
    older.session.onSocketClosed();
    expect(t.store.disconnects).toEqual([]);
    expect(newer.socket.closed).toBeNull();
  });

  it('closes with auth_timeout when no auth comes', async () => {
    const t = setup();
    t.ctx.authTimeoutMs = 20;
    const { socket } = t.open();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(socket.closed?.code).toBe(CLOSE_CODES.auth_timeout.code);
  });

  it('keeps close reasons within a close frame, whatever the detail', () => {
    const t = setup();
    const { socket, session } = t.open();
    session.onFrame(JSON.stringify({ type: `é${'x'.repeat(500)}` }));
    expect(socket.closed?.code).toBe(CLOSE_CODES.bad_message.code);
    expect(Buffer.byteLength(socket.closed?.reason ?? '')).toBeLessThanOrEqual(123);
  });
});
