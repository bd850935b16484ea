import type { Job } from '../../../src-shared/jobs-api/jobs.js';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { getJob, enrollRealAgent } from '../../helpers/real-agent-jobs.js';
import type { RealAgentProcess } from '../../helpers/real-agent-process.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import type { ReplicaSet } from '../../helpers/replicas.js';
import type { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * Real agents for replica tests: each enrolled and connected through the balancer while the
 * balancer's rotation holds only the replica chosen for it (so which replica holds which agent is
 * known, not left to how many connections an agent happens to open first), then the full rotation
 * is restored for every later connection.
 */
export interface FleetAgent {
  agent: RealAgentProcess;
  agentId: string;
  dataDir: string;
  /** The replica that took its first session. */
  replica: number;
}

export async function startFleet(
  set: ReplicaSet,
  cleanup: E2eCleanup,
  wanted: { replica: number; slots: number; tags: string[] }[],
): Promise<FleetAgent[]> {
  const fleet: FleetAgent[] = [];
  try {
    for (const { replica, slots, tags } of wanted) {
      set.balancer.setTargets(set.targets([replica]));
      const plane = { ...set.viaBalancer, register: () => registerTagged(set.viaBalancer, tags) };
      const started = await enrollRealAgent(plane, { args: ['--job-slots', String(slots)] });
      cleanup.agent(started);
      fleet.push({ ...started, replica });
    }
  } finally {
    set.balancer.setTargets(set.targets());
  }
  return fleet;
}

/** Registers an agent carrying `tags` (tags are the control plane's, set at registration). */
async function registerTagged(plane: ControlPlaneForAgents, tags: string[]) {
  const res = await plane.api('/api/agents', {
    method: 'POST',
    body: { label: 'replica-fleet', platform: 'linux', tags },
  });
  const created = dataOf(res) as { id: string; enrollment_token: string } | undefined;
  if (res.status !== 201 || created === undefined) throw new Error(`register: ${res.status} ${res.text}`);
  return { id: created.id, token: created.enrollment_token };
}

/** Submits `count` jobs, job i to replica i % replicas (`concurrency` requests in flight). */
export async function submitAcrossReplicas(
  set: ReplicaSet,
  count: number,
  body: (index: number) => Record<string, unknown>,
  concurrency = 24,
): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let first = 0; first < count; first += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - first) }, (_, k) => first + k);
    const created = await Promise.all(
      batch.map(async (i) => {
        const plane = set.planes[i % set.planes.length] as ControlPlaneForAgents;
        const res = await plane.api('/v1/jobs', { method: 'POST', body: body(i) });
        if (res.status !== 201) throw new Error(`POST /v1/jobs answered ${res.status}: ${res.text}`);
        return dataOf(res) as Job;
      }),
    );
    jobs.push(...created);
  }
  return jobs;
}

/**
 * Waits until every job of `ids` is in one of `statuses`, polling the shared database (one query a
 * pass, not one request per job); a timeout shows how many were in which status.
 */
export async function waitForAll(
  set: ReplicaSet,
  ids: string[],
  statuses: string[],
  timeoutMs: number,
): Promise<void> {
  const db = openPlaneDatabase({ dataDir: '', databaseUrl: set.databaseUrl });
  const wanted = new Set(ids);
  const countByStatus = async () => {
    const rows = await db.all<{ id: string; status: string }>('select id, status from jobs');
    const counts: Record<string, number> = {};
    for (const row of rows) if (wanted.has(row.id)) counts[row.status] = (counts[row.status] ?? 0) + 1;
    return counts;
  };
  try {
    await waitUntil(countByStatus, {
      until: (counts) => statuses.reduce((done, status) => done + (counts[status] ?? 0), 0) === wanted.size,
      message: `${wanted.size} jobs in ${statuses.join('|')}`,
      timeoutMs,
      intervalMs: 200,
    });
  } finally {
    await db.close();
  }
}

/** Each job as a replica answers it (replica i % replicas for job i, so every replica is read). */
export function readAcross(set: ReplicaSet, jobs: Job[]): Promise<Job[]> {
  return Promise.all(
    jobs.map((job, i) => getJob(set.planes[i % set.planes.length] as ControlPlaneForAgents, job.id)),
  );
}

/** Job ids each agent logged as finished, all agents together (a job finished twice shows twice). */
export function finishedByAgents(fleet: FleetAgent[]): string[] {
  return fleet.flatMap(({ agent }) =>
    agent
      .logs()
      .filter((line) => line.msg === 'job finished')
      .map((line) => String(line.jobId)),
  );
}
