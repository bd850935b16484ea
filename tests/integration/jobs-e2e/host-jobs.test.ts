import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { HostApiClient } from '../../../src-shared/host-api/client.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { getJob, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { hostApiClient, openHostSocket } from '../../helpers/host-api-socket.js';
import { afterASchedulerPass } from '../../helpers/scheduler-pass.js';
import { startHeadlessHostProcess, type HeadlessHostProcess } from '../../helpers/headless-host-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

let plane: ControlPlaneForAgents;
let host: HeadlessHostProcess;
let socket: WebSocket;
let client: HostApiClient;

beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
  host = await startHeadlessHostProcess();
  const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
  socket = opened.socket;
  client = hostApiClient(socket);
}, 30_000);

afterAll(async () => {
  socket?.close();
  if (host !== undefined) await host.stop();
  await plane?.cp.stop();
});

function snapshotWhere(test: (s: HostSnapshot) => boolean, what: string): Promise<HostSnapshot> {
  return waitUntil(
    async () => {
      const snapshot = await client.snapshot();
      return test(snapshot) ? snapshot : null;
    },
    { message: what, timeoutMs: 15_000 },
  );
}

describe('jobs in the host snapshot (real host, real agent, real control plane)', () => {
  it('lists the running job, cancels it through the host API, and shows it cancelled', async () => {
    await snapshotWhere((s) => s.worker?.phase === 'not_enrolled', 'worker up');
    const { token } = await plane.register('host-jobs');
    const { agentId } = await client.enroll({ apiHost: plane.cp.url, token, label: 'host-jobs' });
    await snapshotWhere((s) => s.worker?.phase === 'connected', 'worker connected');

    const job = await submitJob(plane, agentId, [{ name: 'wait', run: 'sleep 600' }], {
      name: 'from-the-host-test',
      cancel_grace_seconds: 1,
    });
    const running = await snapshotWhere(
      (s) => s.jobs.some((j) => j.id === job.id && j.state === 'running'),
      'the job running in the snapshot',
    );
    expect(running.jobs[0]).toMatchObject({ id: job.id, name: 'from-the-host-test', finishedAt: null });
    // The tray's "busy" and the quit sequence read these from the worker state.
    await snapshotWhere((s) => s.worker?.activeJobs === 1, 'one active job in the worker state');

    await expect(client.cancelJob({ jobId: 'job_01jq8p0000000000000000000a' })).rejects.toThrow(
      /no job job_01jq8p0000000000000000000a runs on this agent/,
    );
    await client.cancelJob({ jobId: job.id });
    expect((await waitForJob(plane, job.id)).status).toBe('cancelled');
    await snapshotWhere(
      (s) => s.jobs.some((j) => j.id === job.id && j.state === 'cancelled' && j.finishedAt !== null),
      'the job cancelled in the snapshot',
    );
    await snapshotWhere((s) => s.worker?.activeJobs === 0, 'no active job in the worker state');
  }, 40_000);

  it("follows a running job's output live in its host log, line by line", async () => {
    const agentId = (await client.snapshot()).enrollment.agentId ?? '';
    const job = await submitJob(plane, agentId, [
      { name: 'count', run: 'for i in 1 2 3; do echo "line $i"; sleep 1; done; printf "no newline"' },
    ]);
    // While the job still runs, the lines it printed so far are already in its log.
    const early = await waitUntil(
      async () => {
        const page = await client.logs({ source: 'job', jobId: job.id }).catch(() => null);
        return page?.lines.some((l) => l.msg === 'line 1') ? page : null;
      },
      { message: 'the first line in the job log', timeoutMs: 15_000 },
    );
    expect((await getJob(plane, job.id)).status).toBe('running');
    expect(early.lines.map((l) => l.msg)).toContain('line 1');
    expect((await waitForJob(plane, job.id)).status).toBe('succeeded');
    const all = await waitUntil(
      async () => {
        const page = await client.logs({ source: 'job', jobId: job.id });
        return page.lines.some((l) => l.msg === 'no newline') ? page : null;
      },
      { message: 'the last, unterminated line in the job log', timeoutMs: 15_000 },
    );
    const printed = all.lines.map((l) => l.msg).filter((m) => /^line \d$|^no newline$/.test(m));
    expect(printed).toEqual(['line 1', 'line 2', 'line 3', 'no newline']);
  }, 40_000);

  it('pause: the running job finishes, a new one waits until resume', async () => {
    const agentId = (await client.snapshot()).enrollment.agentId ?? '';
    const first = await submitJob(plane, agentId, [{ name: 'short', run: 'sleep 2; echo done' }]);
    await waitForJob(plane, first.id, ['running']);
    await client.pause();
    await snapshotWhere((s) => s.worker?.phase === 'paused', 'worker paused');
    const second = await submitJob(plane, agentId, [{ name: 'later', run: 'echo later' }]);
    expect((await waitForJob(plane, first.id)).status).toBe('succeeded');
    // Paused, the session stays up (the first job's result got through) and a scheduler pass goes
    // by without giving it the new job.
    await afterASchedulerPass(plane);
    expect((await getJob(plane, second.id)).status).toBe('queued');
    await client.resume();
    await snapshotWhere((s) => s.worker?.phase === 'connected', 'worker connected again');
    expect((await waitForJob(plane, second.id)).status).toBe('succeeded');
  }, 40_000);
});
