/**
 * Dispatch latency bench, control-plane side (npm run bench:dispatch). Starts the real control-plane
 * process on loopback and one scripted agent (real Ed25519 signature, real ws). Each round times
 * `POST /v1/jobs` → the `job_assign` frame for that job arriving at the agent, then finishes the job
 * with a result so the slot is free for the next round. In the same run it times a direct
 * `child_process.spawn('true')` until the child has started ('spawn' event), the floor any dispatch
 * adds to. Prints p50/p99 of both and their difference (the figure).
 * Options: --rounds N (default 200).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { apiClient, dataOf } from '../tests/helpers/control-plane-client.js';
import { startControlPlaneProcess } from '../tests/helpers/control-plane-process.js';
import { connectScriptedAgent, enrollScriptedAgent } from '../tests/helpers/scripted-agent.js';
import { nextOfType, resultMessage } from '../tests/helpers/scripted-agent-jobs.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const ROUNDS = Number(values.rounds);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function spawnTrue(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('true', [], { stdio: 'ignore' });
    child.once('spawn', () => {
      const ms = performance.now() - started;
      child.once('exit', () => resolve(ms));
    });
    child.once('error', reject);
  });
}

async function main(): Promise<void> {
  const cp = await startControlPlaneProcess();
  try {
    const api = apiClient(cp.url, cp.apiKey);
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const connection = await connectScriptedAgent(cp.url, agentId, identity);
    connection.send({ type: 'job_capacity', slots: 1, accepting: true });
    const dispatch: number[] = [];
    for (let round = 0; round < ROUNDS + 10; round++) {
      const started = performance.now();
      const answer = await api('/v1/jobs', {
        method: 'POST',
        body: { name: 'bench', steps: [{ name: 'only', run: 'true' }], target: { agent_id: agentId } },
      });
      const jobId = (dataOf(answer) as { id: string }).id;
      const assign = await nextOfType(connection, 'job_assign', 5000, (m) => m.job_id === jobId);
      // The first rounds warm up the JIT and SQLite's caches on both sides; they are not counted.
      if (round >= 10) dispatch.push(performance.now() - started);
      connection.send(resultMessage(jobId, assign.epoch, Buffer.alloc(0)));
      await nextOfType(connection, 'job_event_ack', 5000, (m) => m.job_id === jobId);
    }
    await connection.close();
    const spawned: number[] = [];
    for (let round = 0; round < ROUNDS + 10; round++) {
      const ms = await spawnTrue();
      if (round >= 10) spawned.push(ms);
    }
    const row = (name: string, samples: number[]) =>
      `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(samples, 99).toFixed(2).padStart(7)} ms`;
    console.log(`rounds: ${ROUNDS} (after 10 warm-up rounds each)`);
    console.log(row('POST /v1/jobs → job_assign at the agent', dispatch));
    console.log(row("child_process.spawn('true') → spawned", spawned));
    console.log(
      `dispatch minus spawn: p50 ${(percentile(dispatch, 50) - percentile(spawned, 50)).toFixed(2)} ms, ` +
        `p99 ${(percentile(dispatch, 99) - percentile(spawned, 99)).toFixed(2)} ms`,
    );
  } finally {
    await cp.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
