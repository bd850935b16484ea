import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { jobLog, sha256 } from '../../helpers/real-agent-jobs.js';
import { stepOutput } from '../../helpers/job-core.js';
import { startReplicas } from '../../helpers/replicas.js';
import { E2eCleanup } from '../jobs-e2e/e2e-cleanup.js';
import { expectedPrinted, printingStep, runCounts } from '../jobs-e2e/deterministic-step.js';
import { finishedByAgents, startFleet, submitAcrossReplicas, waitForAll } from './replica-fleet.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanup = new E2eCleanup();
afterEach(() => cleanup.undo());

const LINES = 40;

/**
 * A POST /v1/jobs whose body arrives in two halves: the first now, the second when `finish` is
 * called, so the request is in flight across whatever happens in between.
 */
function slowPost(baseUrl: string, apiKey: string, body: object) {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = request(new URL('/v1/jobs', baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'content-length': String(payload.length),
    },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
  });
  req.write(payload.subarray(0, half));
  return {
    answer,
    finish: () => {
      req.end(payload.subarray(half));
      return answer;
    },
  };
}

async function readiness(plane: ControlPlaneForAgents): Promise<number> {
  return (await plane.api('/readyz')).status;
}

describe('a replica drained by SIGTERM (two replicas, two real agents on the drained one)', () => {
  it('readiness goes 503 at once, a request in flight completes, the agents move on and their jobs finish once', async () => {
    const set = await startReplicas({ count: 2, args: ['--job-lease', '10', '--drain-window-ms', '1000'] });
    cleanup.add(() => set.stop());
    const [drained, other] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const otherPort = Number(new URL(other.cp.url).port);
    expect([await readiness(drained), await readiness(other)]).toEqual([200, 200]);
    const runsFile = join(cleanup.scratch('pg-replica-drain-'), 'runs');
    const fleet = await startFleet(
      set,
      cleanup,
      [0, 0].map((replica) => ({ replica, slots: 2, tags: ['drain'] })),
    );
    const step = printingStep({ lines: LINES, delaySeconds: 0.1, runsFile });
    const body = { name: 'through-a-drain', steps: [step], target: { tags: ['drain'] } };
    const jobs = await submitAcrossReplicas(set, 4, () => body);
    const ids = jobs.map((job) => job.id);
    await waitForAll(set, ids, ['running'], 15_000);

    const inFlight = slowPost(drained.cp.url, set.apiKey, body);
    const termAt = performance.now();
    drained.cp.kill('SIGTERM');
    await waitUntil(() => readiness(drained), {
      until: (s) => s === 503,
      message: 'readiness 503',
      timeoutMs: 1_000,
    });
    expect(performance.now() - termAt).toBeLessThan(1_000);
    expect(await readiness(other)).toBe(200);
    // As a balancer's readiness check would: the draining replica leaves the rotation.
    set.balancer.setTargets(set.targets([1]));
    await waitUntil(() => set.balancer.openTo(otherPort) >= fleet.length, {
      message: 'agents moved',
      timeoutMs: 10_000,
    });

    const answered = await inFlight.finish();
    expect(answered.status, answered.text).toBe(201);
    expect(await drained.cp.exited).toEqual({ code: 0, signal: null });

    const late = (JSON.parse(answered.text) as { data: { id: string } }).data.id;
    await waitForAll(set, [...ids, late], ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'], 30_000);
    for (const id of [...ids, late]) {
      const done = await other.api(`/v1/jobs/${id}`);
      expect(done.json, id).toMatchObject({ data: { status: 'succeeded', attempt: 1 } });
      expect(sha256(stepOutput(await jobLog(other, id), 1)), id).toBe(sha256(expectedPrinted(id, LINES)));
    }
    const counts = runCounts(runsFile);
    expect([...ids, late].map((id) => counts.get(id))).toEqual([1, 1, 1, 1, 1]);
    expect(finishedByAgents(fleet).sort()).toEqual([...ids, late].sort());
  }, 90_000);
});
