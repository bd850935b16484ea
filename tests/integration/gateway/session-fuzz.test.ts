import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLOSE_CODES,
  decodeAgentMessage,
  MAX_FRAME_BYTES,
  type ServerMessage,
} from '../../../src-shared/agent-protocol/index.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import {
  ScriptedAgent,
  connectScriptedAgent,
  enrollScriptedAgent,
  heartbeatMessage,
  httpJson,
  type AgentIdentity,
} from '../../helpers/scripted-agent.js';

/**
 * Generated and malformed frames on the agent socket, before and after authentication. Every frame
 * must be answered, by an `error` message, an ack, or a close code, and meanwhile a well-behaved agent
 * on the same server keeps getting its heartbeats acknowledged.
 */
type Frame =
  { kind: 'binary'; bytes: Uint8Array } | { kind: 'huge'; extra: number } | { kind: 'text'; text: string };

const knownType = fc.constantFrom(
  'auth',
  'heartbeat',
  'capabilities',
  'hello',
  'welcome',
  'heartbeat_ack',
  'error',
);
const loose = { requiredKeys: [] as never[] };
const shapedMessage = fc.record(
  {
    type: knownType,
    seq: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
    agent_id: fc.oneof(fc.string(), fc.constant('agt_01jq8p4d01aaaaaaaaaaaaaaaa')),
    signature: fc.oneof(fc.string(), fc.base64String()),
    cpu_percent: fc.oneof(fc.double(), fc.constant(null), fc.string()),
    memory_percent: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null)),
    disk_free_gb: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(null), fc.boolean()),
    active_jobs: fc.oneof(fc.nat(100), fc.integer()),
    queue_depth: fc.oneof(fc.nat(100), fc.constant(-1)),
    last_error: fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 50 }),
      fc.string({ minLength: 2001, maxLength: 2100 }),
    ),
    version: fc.string({ maxLength: 70 }),
    capabilities: fc.array(fc.string({ maxLength: 70 }), { maxLength: 5 }),
    extra: fc.anything(),
  },
  loose,
);
const frame: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ kind: fc.constant('binary' as const), bytes: fc.uint8Array({ maxLength: 512 }) }),
  fc.record({ kind: fc.constant('huge' as const), extra: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ maxLength: 300 }) }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  }),
  fc.record({ kind: fc.constant('text' as const), text: shapedMessage.map((m) => JSON.stringify(m)) }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.string({ maxLength: 80 }).map((type) => JSON.stringify({ type })),
  }),
);

function send(connection: ScriptedAgent, f: Frame): void {
  if (f.kind === 'binary') connection.ws.send(f.bytes, { binary: true });
  else if (f.kind === 'huge') connection.ws.send('x'.repeat(MAX_FRAME_BYTES + f.extra));
  else connection.send(f.text);
}

const cp = controlPlanePerFile({ args: ['--heartbeat-interval', '1'] });
let fuzzAgent: { agentId: string; identity: AgentIdentity };

beforeAll(async () => {
  fuzzAgent = await enrollScriptedAgent(cp.url, cp.apiKey);
});

/** A well-behaved agent heartbeating every 50 ms until stopped; returns how many acks it got. */
function steadyAgent(connection: ScriptedAgent) {
  let running = true;
  const done = (async () => {
    let acks = 0;
    for (let seq = 1; running; seq++) {
      connection.send(heartbeatMessage(seq));
      const answer = await connection.next(2000);
      if (answer?.type !== 'heartbeat_ack' || answer.seq !== seq) {
        throw new Error(`well-behaved agent got ${JSON.stringify(answer)}`);
      }
      acks++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return acks;
  })();
  return {
    stop: () => {
      running = false;
      return done;
    },
  };
}

const CLOSES_BEFORE_AUTH = new Set([
  CLOSE_CODES.bad_message.code,
  CLOSE_CODES.auth_failed.code,
  CLOSE_CODES.deregistered.code,
  CLOSE_CODES.revoked.code,
  1009, // message too big: ws closes it before we see it
]);

describe('session fuzz', () => {
  it('answers every frame with an error or a close code, and keeps serving a good agent', async () => {
    const good = await enrollScriptedAgent(cp.url, cp.apiKey);
    const steady = steadyAgent(await connectScriptedAgent(cp.url, good.agentId, good.identity));

    // Before auth: the first frame that is not a valid auth closes the socket with a code.
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        const connection = await ScriptedAgent.open(cp.url);
        expect((await connection.next())?.type).toBe('hello');
        send(connection, f);
        const closed = await connection.closed;
        expect(CLOSES_BEFORE_AUTH.has(closed.code), `close ${closed.code} ${closed.reason}`).toBe(true);
        expect(await connection.next()).toBeNull();
      }),
      { numRuns: 60 },
    );

    // After auth: every frame gets its answer before a probe heartbeat's ack, or the socket closes.
    let probeSeq = 1_000_000;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 6 }), async (frames) => {
        const connection = await connectScriptedAgent(cp.url, fuzzAgent.agentId, fuzzAgent.identity);
        for (const f of frames) {
          send(connection, f);
          const probe = ++probeSeq;
          connection.send(heartbeatMessage(probe));
          const answers: ServerMessage[] = [];
          for (;;) {
            const message = await connection.next(3000);
            if (message === null) break;
            answers.push(message);
            if (message.type === 'heartbeat_ack' && message.seq === probe) break;
          }
          if (answers.at(-1)?.type !== 'heartbeat_ack') {
            const closed = await connection.closed;
            const allowed = [CLOSE_CODES.bad_message.code, 1009];
            expect(allowed, `close ${closed.code} ${closed.reason}`).toContain(closed.code);
            break;
          }
          expect(answers.slice(0, -1), 'answers before the probe ack').toEqual(expectedAnswers(f));
        }
        expect(connection.unreadable).toEqual([]);
        await connection.close();
      }),
      { numRuns: 60 },
    );

    const acks = await steady.stop();
    expect(acks).toBeGreaterThan(5);
    expect((await httpJson(cp.url, 'GET', '/healthz')).status).toBe(200);
    expect(cp.stderr()).not.toMatch(/uncaught|unhandled/i);
  });
});

/** What an authenticated session must answer to one frame (ignoring the probe's own ack). */
function expectedAnswers(f: Frame): unknown[] {
  if (f.kind === 'binary') return [expect.objectContaining({ type: 'error', code: 'malformed_frame' })];
  if (f.kind === 'huge') throw new Error('a huge frame must close the socket');
  const decoded = decodeAgentMessage(f.text);
  if (!decoded.ok) return [expect.objectContaining({ type: 'error', code: decoded.code })];
  switch (decoded.message.type) {
    case 'heartbeat':
      return [expect.objectContaining({ type: 'heartbeat_ack', seq: decoded.message.seq })];
    case 'capabilities':
      return [];
    default:
      // auth again, or a contract message this gateway does not serve
      return [expect.objectContaining({ type: 'error', code: 'unexpected_message' })];
  }
}
