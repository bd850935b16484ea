/**
 * Agent gateway bench (npm run bench:gateway). Simulated agents with real Ed25519 signatures on real
 * loopback sockets, against the real control plane and, in the same run, a bare `ws` echo server:
 *
 * - heartbeat rate: RATE_AGENTS agents each send a heartbeat, wait for its answer, and send the
 *   next, for RATE_SECONDS, in rounds alternating between the two servers; the figure is answered
 *   heartbeats per second and the ratio of the control plane's rate to the echo server's (goal: at
 *   least 0.5). On a small machine the one client process can be the bottleneck, which pulls that
 *   ratio towards 1, so the server's CPU time per message is printed beside it for both servers;
 * - idle memory: the server process's RSS and heap (after a full GC) with 0, 1,000 and 10,000
 *   connected idle agents; the figure is the growth per agent (goal: at most 30 KB).
 *
 * Each server runs in its own child process (bench/gateway-bench-server.ts) so that only its memory
 * is counted. Options: --rate-agents N, --rate-seconds S, --idle 1000,10000.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monotonicFactory } from 'ulid';
import WebSocket from 'ws';
import { AGENT_SUBPROTOCOL, SESSION_PATH } from '../src-shared/agent-protocol/index.js';
import { openStore } from '../src-control-plane/store/database.js';
import { newIdentity, signNonce, type AgentIdentity } from '../tests/helpers/scripted-agent.js';
import type { BenchServerReply } from './gateway-bench-server.js';

const { values } = parseArgs({
  options: {
    'rate-agents': { type: 'string', default: '100' },
    'rate-seconds': { type: 'string', default: '5' },
    idle: { type: 'string', default: '1000,10000' },
  },
});
const RATE_AGENTS = Number(values['rate-agents']);
const RATE_SECONDS = Number(values['rate-seconds']);
const IDLE_STEPS = values.idle.split(',').map(Number);
const MAX_AGENTS = Math.max(RATE_AGENTS, ...IDLE_STEPS);
const CONNECT_CONCURRENCY = 250;
const SERVER_SCRIPT = fileURLToPath(new URL('./gateway-bench-server.ts', import.meta.url));

interface BenchAgent {
  id: string;
  identity: AgentIdentity;
}

interface BenchServer {
  port: number;
  ask<T extends BenchServerReply['type']>(
    type: 'measure' | 'cpu',
  ): Promise<Extract<BenchServerReply, { type: T }>>;
  stop(): Promise<void>;
}

async function startServer(args: string[]): Promise<BenchServer> {
  const child: ChildProcess = fork(SERVER_SCRIPT, args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  // One question at a time: the next reply answers it, an exit fails it.
  let pending: { resolve(reply: BenchServerReply): void; reject(error: Error): void } | null = null;
  child.on('message', (reply) => pending?.resolve(reply as BenchServerReply));
  child.once('exit', (code) => pending?.reject(new Error(`bench server exited (${code})`)));
  const next = () =>
    new Promise<BenchServerReply>((resolve, reject) => {
      pending = { resolve, reject };
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`bench server: ${JSON.stringify(ready)}`);
  return {
    port: ready.port,
    ask: async (type) => {
      const reply = next();
      child.send({ type });
      return (await reply) as never;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Writes enrolled (active) agents with fresh key pairs straight into a new control-plane database. */
async function seedAgents(dataDir: string, count: number): Promise<BenchAgent[]> {
  const store = await openStore(dataDir);
  const ulid = monotonicFactory();
  const now = Date.now();
  const agents = Array.from({ length: count }, () => ({
    id: `agt_${ulid().toLowerCase()}`,
    identity: newIdentity(),
  }));
  for (let i = 0; i < agents.length; i += 500) {
    const rows = agents.slice(i, i + 500).map((a, j) => ({
      id: a.id,
      label: `bench-${i + j}`,
      platform: 'linux',
      status: 'active',
      tags_json: '[]',
      metadata_json: '{}',
      capabilities_json: '[]',
      public_key: a.identity.publicKey,
      created_at: now,
      updated_at: now,
    }));
    await store.db.insertInto('agents').values(rows).execute();
  }
  await store.close();
  return agents;
}

function openSocket(port: number, protocol: string | null): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${SESSION_PATH}`, protocol === null ? [] : [protocol], {
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * Opens a session and completes hello → auth → welcome with a real signature. The message listener
 * is attached before the socket opens: `hello` may arrive in the same packet as the upgrade answer.
 */
function authenticatedSession(port: number, agent: BenchAgent): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${SESSION_PATH}`, [AGENT_SUBPROTOCOL], {
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; nonce?: string };
      if (message.type === 'hello' && message.nonce !== undefined) {
        const signature = signNonce(agent.identity, agent.id, message.nonce);
        ws.send(
          JSON.stringify({ type: 'auth', agent_id: agent.id, signature, version: 'bench', capabilities: [] }),
        );
      } else if (message.type === 'welcome') {
        ws.removeAllListeners('message').removeAllListeners('close');
        resolve(ws);
      } else {
        reject(new Error(`unexpected ${message.type} during auth`));
      }
    });
    ws.once('close', (code) => reject(new Error(`closed ${code} during auth`)));
    ws.once('error', reject);
  });
}

async function connectMany<T>(
  items: readonly T[],
  open: (item: T) => Promise<WebSocket>,
): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < items.length; i += CONNECT_CONCURRENCY) {
    sockets.push(...(await Promise.all(items.slice(i, i + CONNECT_CONCURRENCY).map(open))));
  }
  return sockets;
}

function heartbeatText(seq: number): string {
  return `{"type":"heartbeat","seq":${seq},"cpu_percent":12.5,"memory_percent":40,"disk_free_gb":200,"active_jobs":0,"queue_depth":0,"last_error":null}`;
}

/**
 * Closed loop: every socket sends one heartbeat, and the next as soon as anything comes back. The
 * server's CPU time is read at both ends of the timed window, so it is charged to the same messages.
 */
async function roundTrips(server: BenchServer, sockets: WebSocket[], seconds: number) {
  let answered = 0;
  let running = true;
  for (const ws of sockets) {
    let seq = 0;
    ws.on('message', () => {
      answered++;
      if (running) ws.send(heartbeatText(++seq));
    });
    ws.send(heartbeatText(++seq));
  }
  await sleep(500); // warm-up
  const cpuBefore = await cpuMicros(server);
  const start = answered;
  const startedAt = performance.now();
  await sleep(seconds * 1000);
  const messages = answered - start;
  const elapsedMs = performance.now() - startedAt;
  const cpu = (await cpuMicros(server)) - cpuBefore;
  running = false;
  await sleep(200);
  for (const ws of sockets) ws.removeAllListeners('message');
  return { rate: (messages * 1000) / elapsedMs, serverCpuMicrosPerMessage: cpu / messages };
}

interface MemoryStep {
  agents: number;
  rssKbPerAgent: number;
  heapKbPerAgent: number;
}

async function idleMemory(
  server: BenchServer,
  open: (index: number) => Promise<WebSocket>,
): Promise<{ baseRssMb: number; steps: MemoryStep[] }> {
  const base = await server.ask<'memory'>('measure');
  const sockets: WebSocket[] = [];
  const steps: MemoryStep[] = [];
  for (const target of IDLE_STEPS) {
    const more = Array.from({ length: target - sockets.length }, (_, i) => sockets.length + i);
    sockets.push(...(await connectMany(more, open)));
    await sleep(1000);
    const m = await server.ask<'memory'>('measure');
    steps.push({
      agents: target,
      rssKbPerAgent: (m.rss - base.rss) / 1024 / target,
      heapKbPerAgent: (m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers) / 1024 / target,
    });
  }
  await closeAll(sockets);
  return { baseRssMb: base.rss / 2 ** 20, steps };
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.terminate();
        }),
    ),
  );
}

async function cpuMicros(server: BenchServer): Promise<number> {
  const c = await server.ask<'cpu'>('cpu');
  return c.userMicros + c.systemMicros;
}

const ROUNDS = 3;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plnx-bench-gw-'));
  const servers: BenchServer[] = [];
  try {
    process.stdout.write(`seeding ${MAX_AGENTS} enrolled agents (Ed25519 key pairs)...\n`);
    const agents = await seedAgents(dataDir, MAX_AGENTS);
    const cp = await startServer(['control-plane', dataDir, '20']);
    servers.push(cp);
    const echo = await startServer(['echo']);
    servers.push(echo);
    const openCp = (i: number) => authenticatedSession(cp.port, agents[i] as BenchAgent);
    const openEcho = () => openSocket(echo.port, null);

    // Memory first, on fresh processes: after a rate run, freed heap pages would hide growth in RSS.
    const cpMemory = await idleMemory(cp, openCp);
    const echoMemory = await idleMemory(echo, openEcho);
    await sleep(2000); // let the control plane finish recording the idle agents' disconnects

    // Rate rounds alternate between the servers, so a change in the machine's load hits both alike.
    const indexes = Array.from({ length: RATE_AGENTS }, (_, i) => i);
    const cpSockets = await connectMany(indexes, openCp);
    const echoSockets = await connectMany(indexes, openEcho);
    const cpRounds: RoundResult[] = [];
    const echoRounds: RoundResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      cpRounds.push(await roundTrips(cp, cpSockets, RATE_SECONDS));
      echoRounds.push(await roundTrips(echo, echoSockets, RATE_SECONDS));
    }
    await closeAll([...cpSockets, ...echoSockets]);
    print({ rounds: cpRounds, memory: cpMemory }, { rounds: echoRounds, memory: echoMemory });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type RoundResult = Awaited<ReturnType<typeof roundTrips>>;
interface ServerFigures {
  rounds: RoundResult[];
  memory: Awaited<ReturnType<typeof idleMemory>>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function print(cp: ServerFigures, echo: ServerFigures): void {
  const ratios = cp.rounds.map((r, i) => r.rate / (echo.rounds[i]?.rate ?? NaN));
  const ratio = median(ratios);
  const cpRate = median(cp.rounds.map((r) => r.rate));
  const echoRate = median(echo.rounds.map((r) => r.rate));
  const cpCpu = median(cp.rounds.map((r) => r.serverCpuMicrosPerMessage));
  const echoCpu = median(echo.rounds.map((r) => r.serverCpuMicrosPerMessage));
  const lines = [
    `gateway heartbeats: ${RATE_AGENTS} agents in a closed loop, ${ROUNDS} alternating rounds of ${RATE_SECONDS} s (medians)`,
    `  control plane  ${cpRate.toFixed(0).padStart(8)} heartbeats/s  server CPU ${cpCpu.toFixed(1)} µs/msg`,
    `  bare ws echo   ${echoRate.toFixed(0).padStart(8)} messages/s    server CPU ${echoCpu.toFixed(1)} µs/msg`,
    `  rate ratio     ${ratio.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal >= 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`,
    `  CPU ratio      ${(echoCpu / cpCpu).toFixed(2)} (bare server CPU per message / control plane's)`,
    `idle memory per connected agent (server process after GC; base RSS control plane ${cp.memory.baseRssMb.toFixed(0)} MB, echo ${echo.memory.baseRssMb.toFixed(0)} MB)`,
  ];
  cp.memory.steps.forEach((step, i) => {
    const bare = echo.memory.steps[i];
    lines.push(
      `  ${String(step.agents).padStart(6)} agents: control plane RSS ${step.rssKbPerAgent.toFixed(1)} KB, heap ${step.heapKbPerAgent.toFixed(1)} KB` +
        ` | bare ws RSS ${bare?.rssKbPerAgent.toFixed(1)} KB, heap ${bare?.heapKbPerAgent.toFixed(1)} KB` +
        ` (goal <= 30 KB: ${step.rssKbPerAgent <= 30 ? 'met' : 'NOT met'})`,
    );
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
