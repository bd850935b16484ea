/**
 * The two loads of bench/replicas.ts, each against any deployment (one process, or replicas behind
 * a balancer): heartbeat ingestion by simulated agents over real WebSockets with real Ed25519
 * signatures, and job throughput with real agent processes running short steps.
 */
import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import { AGENT_SUBPROTOCOL, SESSION_PATH } from '../src-shared/agent-protocol/index.js';
import type { ControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import { enrollRealAgent } from '../tests/helpers/real-agent-jobs.js';
import { dataOf } from '../tests/helpers/control-plane-client.js';
import {
  enrollScriptedAgent,
  heartbeatMessage,
  signNonce,
  type AgentIdentity,
} from '../tests/helpers/scripted-agent.js';
import { waitUntil } from '../tests/helpers/wait-until.js';

/**
 * Where load goes: REST calls spread over `planes`; agent i dials `agentUrls[i % length]` (a
 * replica, or the balancer).
 */
export interface Deployment {
  planes: ControlPlaneForAgents[];
  agentUrls: string[];
  apiKey: string;
}

const BATCH = 25;

async function inBatches<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH)
    out.push(...(await Promise.all(items.slice(i, i + BATCH).map((item, k) => work(item, i + k)))));
  return out;
}

function planeFor(deployment: Deployment, index: number): ControlPlaneForAgents {
  return deployment.planes[index % deployment.planes.length] as ControlPlaneForAgents;
}

function agentUrl(deployment: Deployment, index: number): string {
  return deployment.agentUrls[index % deployment.agentUrls.length] ?? '';
}

/** hello → auth → welcome on a raw socket; resolves once welcomed, with no listener left behind. */
function session(url: string, agentId: string, identity: AgentIdentity): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${SESSION_PATH}`, [AGENT_SUBPROTOCOL], {
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before welcome`)));
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as { type: string; nonce?: string };
      if (frame.type === 'hello' && frame.nonce !== undefined) {
        const signature = signNonce(identity, agentId, frame.nonce);
        ws.send(
          JSON.stringify({ type: 'auth', agent_id: agentId, signature, version: 'bench', capabilities: [] }),
        );
      } else if (frame.type === 'welcome') {
        ws.removeAllListeners('message').removeAllListeners('close').removeAllListeners('error');
        resolve(ws);
      } else reject(new Error(`unexpected ${frame.type} before welcome`));
    });
  });
}

function heartbeat(seq: number): string {
  return JSON.stringify(heartbeatMessage(seq));
}

export interface HeartbeatRun {
  /** Heartbeats answered per second over the timed window. */
  rate: number;
  heartbeats: number;
  seconds: number;
}

/**
 * `agents` simulated agents (enrolled through the REST API, spread over the replicas), each in a
 * closed loop: a heartbeat, its ack, the next. `window` is called at both edges of the timed part,
 * while the load runs (to read the database's counters there).
 */
export async function heartbeatIngestion(
  deployment: Deployment,
  agents: number,
  seconds: number,
  window: { before(): Promise<void>; after(): Promise<void> },
): Promise<HeartbeatRun> {
  const enrolled = await inBatches(Array.from({ length: agents }), (_, i) =>
    enrollScriptedAgent(planeFor(deployment, i).cp.url, deployment.apiKey),
  );
  const sockets = await inBatches(enrolled, (a, i) =>
    session(agentUrl(deployment, i), a.agentId, a.identity),
  );
  let answered = 0;
  let running = true;
  for (const ws of sockets) {
    let seq = 0;
    ws.on('message', () => {
      answered += 1;
      if (running) ws.send(heartbeat(++seq));
    });
    ws.send(heartbeat(++seq));
  }
  try {
    await sleep(1_000); // warm-up
    await window.before();
    const from = answered;
    const startedAt = performance.now();
    await sleep(seconds * 1_000);
    const heartbeats = answered - from;
    const elapsed = (performance.now() - startedAt) / 1_000;
    await window.after();
    return { rate: heartbeats / elapsed, heartbeats, seconds: elapsed };
  } finally {
    running = false;
    for (const ws of sockets) ws.terminate();
  }
}

export interface JobRun {
  jobs: number;
  seconds: number;
  rate: number;
}

/**
 * `agents` real agent processes with `slots` each, then `jobs` one-line jobs any of them may run,
 * submitted over the replicas; timed from the first POST until the last job is recorded succeeded.
 */
export async function jobThroughput(
  deployment: Deployment,
  options: { agents: number; slots: number; jobs: number; tag: string },
): Promise<JobRun> {
  const first = planeFor(deployment, 0);
  const register = async () => {
    const res = await first.api('/api/agents', {
      method: 'POST',
      body: { label: 'bench', platform: 'linux', tags: [options.tag] },
    });
    const created = dataOf(res) as { id: string; enrollment_token: string };
    return { id: created.id, token: created.enrollment_token };
  };
  const started: Awaited<ReturnType<typeof enrollRealAgent>>[] = [];
  try {
    for (let i = 0; i < options.agents; i += 1)
      started.push(
        await enrollRealAgent(
          { ...first, cp: { ...first.cp, url: agentUrl(deployment, i) }, register },
          { args: ['--job-slots', String(options.slots)] },
        ),
      );
    const body = { name: 'bench', steps: [{ name: 'one', run: 'echo "$PLANASONIX_JOB_ID"' }] };
    const target = { tags: [options.tag] };
    const t0 = performance.now();
    await inBatches(Array.from({ length: options.jobs }), async (_, i) => {
      const res = await planeFor(deployment, i).api('/v1/jobs', {
        method: 'POST',
        body: { ...body, target },
      });
      if (res.status !== 201) throw new Error(`POST /v1/jobs answered ${res.status}: ${res.text}`);
    });
    await untilSucceeded(planeFor(deployment, 0), options.jobs, 300_000);
    const seconds = (performance.now() - t0) / 1_000;
    return { jobs: options.jobs, seconds, rate: options.jobs / seconds };
  } finally {
    for (const { agent, dataDir } of started) {
      await agent.stop(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** Polls the job list (every page, 200 a page) until `count` jobs succeeded; throws on any other end. */
async function untilSucceeded(plane: ControlPlaneForAgents, count: number, timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const statuses = await allStatuses(plane);
      const bad = statuses.find((status) => ['failed', 'lost', 'timed_out', 'cancelled'].includes(status));
      if (bad !== undefined) throw new Error(`a bench job ended ${bad}`);
      return statuses.filter((status) => status === 'succeeded').length;
    },
    {
      until: (succeeded) => succeeded >= count,
      message: `${count} jobs succeeded`,
      timeoutMs,
      intervalMs: 200,
    },
  );
}

async function allStatuses(plane: ControlPlaneForAgents): Promise<string[]> {
  const statuses: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page += 1) {
    const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const res = await plane.api(`/v1/jobs?limit=200${after}`);
    statuses.push(...(dataOf(res) as { status: string }[]).map((job) => job.status));
    cursor = (res.json as { meta: { page: { cursor: string | null } } }).meta.page.cursor;
    if (cursor === null) break;
  }
  return statuses;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
