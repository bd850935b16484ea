import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import {
  jobLog,
  readPid,
  sha256,
  enrollRealAgent,
  submitJob,
  waitForJob,
} from '../../helpers/real-agent-jobs.js';
import { agentKeepsJob } from './e2e-cleanup.js';
import { killGroups, livingGroup, livingGroupMembers, stepOutput } from '../../helpers/job-core.js';
import { startRealAgent, type RealAgentProcess } from '../../helpers/real-agent-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cleanups: (() => Promise<void> | void)[] = [];
const groups: number[] = [];

afterEach(async () => {
  killGroups(groups);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-e2e-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tracked(agent: RealAgentProcess, dataDir: string): void {
  cleanups.push(async () => {
    await agent.stop(3_000);
    rmSync(dataDir, { recursive: true, force: true });
  });
}

describe('jobs through crashes (real agent, real control plane)', () => {
  it('a control plane SIGKILLed and restarted mid-job: the job completes, its log byte-exact, one result', async () => {
    const args = ['--job-lease', '10'];
    const first = await startControlPlaneForAgents({ heartbeatSeconds: 1, args });
    const port = new URL(first.cp.url).port;
    cleanups.push(() => rmSync(first.cp.dataDir, { recursive: true, force: true }));
    const { agent, agentId, dataDir } = await enrollRealAgent(first);
    tracked(agent, dataDir);
    const scratch = scratchDir();
    const copy = join(scratch, 'written.bin');
    const gate = join(scratch, 'gate');
    // Prints half its output, waits for the test to open the gate (the control plane is down by
    // then), prints the rest into the spool while nobody is there to ship it to.
    const job = await submitJob(first, agentId, [
      {
        name: 'through-restart',
        run: 'head -c 400000 /dev/urandom | tee "$COPY"; while [ ! -e "$GATE" ]; do sleep 0.05; done; head -c 600000 /dev/urandom | tee -a "$COPY"',
        env: { COPY: copy, GATE: gate },
      },
    ]);
    await waitForJob(first, job.id, ['running']);
    await waitUntil(() => getLogBytes(first, job.id), {
      until: (n) => n >= 400_000,
      message: 'the first half shipped',
      timeoutMs: 10_000,
    });

    first.cp.kill('SIGKILL');
    await first.cp.exited;
    writeFileSync(gate, '');
    const second = await startControlPlaneForAgents({
      heartbeatSeconds: 1,
      dataDir: first.cp.dataDir,
      apiKey: first.cp.apiKey,
      args: [...args, '--port', port],
    });
    cleanups.push(() => second.cp.stop({ keepDataDir: true }).then(() => undefined));

    const done = await waitForJob(second, job.id, undefined, 15_000);
    expect(done).toMatchObject({ status: 'succeeded', exit_code: 0, attempt: 1, error: null });
    const log = await jobLog(second, job.id);
    expect(sha256(stepOutput(log, 1))).toBe(sha256(readFileSync(copy)));
    expect(done.log_sha256).toBe(sha256(log));
    // Exactly one result: the agent's replays (if any) were duplicates, and the job ran once.
    const results = agent.logs().filter((l) => l.msg === 'job finished' && l.jobId === job.id);
    expect(results).toHaveLength(1);
    const list = (await second.api(`/v1/jobs?agent_id=${agentId}`)).json as { data: { id: string }[] };
    expect(list.data.map((j) => j.id)).toEqual([job.id]);
  }, 40_000);

  it('an agent SIGKILLed mid-job: the job is lost after its lease, and its restart leaves no process of the group', async () => {
    const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '3'] });
    cleanups.push(() => plane.cp.stop().then(() => undefined));
    const { agent, agentId, dataDir } = await enrollRealAgent(plane);
    tracked(agent, dataDir);
    const pidFile = join(scratchDir(), 'step.pid');
    const job = await submitJob(plane, agentId, [
      { name: 'long', run: 'echo $$ > "$PID_FILE"; sleep 600 & sleep 600; wait', env: { PID_FILE: pidFile } },
    ]);
    await waitForJob(plane, job.id, ['running']);
    await waitUntil(() => readPid(pidFile), { message: 'the step wrote its pid', timeoutMs: 5_000 });
    const pgid = livingGroup(readPid(pidFile));
    groups.push(pgid);

    process.kill(agent.pid, 'SIGKILL');
    await agent.exited;
    const lost = await waitForJob(plane, job.id, ['lost'], 10_000);
    expect(lost.status).toBe('lost');
    // The step is in its own group, so it outlived the agent; the agent's next start ends it.
    expect(livingGroupMembers(pgid).length).toBeGreaterThan(0);

    const restarted = startRealAgent({ args: ['run', '--data-dir', dataDir] });
    cleanups.push(() => restarted.stop(3_000).then(() => undefined));
    await restarted.waitForLog(
      (l) => l.msg === 'found a job of the previous run' && l.jobId === job.id,
      15_000,
    );
    expect(livingGroupMembers(pgid)).toEqual([]);
    await restarted.waitForLog((l) => l.msg === 'session established', 15_000);
    // The server had already given the job up; the agent's late `lost` result changes nothing. The
    // agent drops a job's files only once the server has answered its result: after that, no later
    // change can come from it.
    await waitUntil(() => !agentKeepsJob(dataDir, job.id), {
      message: 'the server answered the late result (the agent dropped the job)',
      timeoutMs: 15_000,
    });
    expect((await waitForJob(plane, job.id)).status).toBe('lost');
  }, 40_000);
});

async function getLogBytes(plane: ControlPlaneForAgents, jobId: string): Promise<number> {
  const job = (await plane.api(`/v1/jobs/${jobId}`)).json as { data: { log_bytes: number } };
  return job.data.log_bytes;
}
