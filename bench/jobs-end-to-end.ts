/**
 * Jobs end to end with the real agent and the real control plane on loopback (npm run
 * bench:jobs-e2e). Two figures, each beside its floor measured in the same run:
 * (a) dispatch latency: `POST /v1/jobs` sent → the step's shell has run its first command (it
 *     creates a file the bench watches), beside `child_process.spawn` of the same shell command
 *     observed the same way; p50 and p99 after warm-up rounds.
 * (b) log shipping rate: a job printing --mebibytes MiB of stdout, from the POST until the control
 *     plane has recorded the result (it records one only once the whole log is stored), beside the
 *     same bytes through a raw pipe into a file (`head -c N /dev/zero | cat > file`).
 * Options: --rounds N (default 50), --mebibytes N (default 200; the default log cap is 256 MiB).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../tests/helpers/control-plane-for-agents.js';
import { finishedJob, enrollRealAgent, submitJob } from '../tests/helpers/real-agent-jobs.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    mebibytes: { type: 'string', default: '200' },
  },
});
const ROUNDS = Number(values.rounds);
const BYTES = Number(values.mebibytes) * 1024 * 1024;
const WARM_UP = 5;
const MARK_COMMAND = ': > "$MARK"';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Resolves with performance.now() when a file of that name appears in dir (one watcher for all). */
function markWatcher(dir: string): { seen(name: string, timeoutMs: number): Promise<number>; close(): void } {
  const waiting = new Map<string, (at: number) => void>();
  const watcher = watch(dir, (_event, name) => {
    if (name === null) return;
    const at = performance.now();
    const resolve = waiting.get(name);
    waiting.delete(name);
    resolve?.(at);
  });
  return {
    seen: (name, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(name, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () => watcher.close(),
  };
}

function run(command: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: 'ignore', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

async function dispatchLatency(plane: ControlPlaneForAgents, agentId: string, scratch: string) {
  const marks = markWatcher(scratch);
  const dispatch: number[] = [];
  const spawned: number[] = [];
  try {
    for (let round = 0; round < ROUNDS + WARM_UP; round++) {
      const name = `job-${round}`;
      const seen = marks.seen(name, 10_000);
      const sent = performance.now();
      const job = await submitJob(plane, agentId, [
        { name: 'mark', run: MARK_COMMAND, env: { MARK: join(scratch, name) } },
      ]);
      const at = await seen;
      if (round >= WARM_UP) dispatch.push(at - sent);
      // One job at a time: the next POST finds the slot free, as an idle agent's would be.
      await finishedJob(plane, job.id, 10_000);
    }
    for (let round = 0; round < ROUNDS + WARM_UP; round++) {
      const name = `spawn-${round}`;
      const seen = marks.seen(name, 10_000);
      const started = performance.now();
      const exited = run(MARK_COMMAND, { MARK: join(scratch, name) });
      const at = await seen;
      await exited;
      if (round >= WARM_UP) spawned.push(at - started);
    }
  } finally {
    marks.close();
  }
  return { dispatch, spawned };
}

async function shippingRate(plane: ControlPlaneForAgents, agentId: string, scratch: string) {
  const started = performance.now();
  const job = await submitJob(plane, agentId, [{ name: 'print', run: `head -c ${BYTES} /dev/zero` }]);
  const done = await finishedJob(plane, job.id, 600_000);
  const shippedMs = performance.now() - started;
  if (done.status !== 'succeeded' || done.log_bytes < BYTES)
    throw new Error(`the shipping job ended ${done.status} with ${done.log_bytes} bytes stored`);
  const pipeStarted = performance.now();
  await run(`head -c ${BYTES} /dev/zero | cat > "$OUT"`, { OUT: join(scratch, 'raw.bin') });
  const pipeMs = performance.now() - pipeStarted;
  return { shippedMs, pipeMs };
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-jobs-e2e-'));
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: 5 });
  const { agent, agentId, dataDir } = await enrollRealAgent(plane, { args: ['--job-slots', '1'] });
  try {
    const { dispatch, spawned } = await dispatchLatency(plane, agentId, scratch);
    const row = (name: string, samples: number[]) =>
      `${name.padEnd(52)} p50 ${percentile(samples, 50).toFixed(2).padStart(8)} ms   p99 ${percentile(samples, 99).toFixed(2).padStart(8)} ms`;
    console.log(`(a) dispatch, ${ROUNDS} rounds after ${WARM_UP} warm-up rounds each`);
    console.log(row('POST /v1/jobs → step ran its first command', dispatch));
    console.log(row('child_process.spawn(sh -c same) → same command ran', spawned));
    const p50Gap = percentile(dispatch, 50) - percentile(spawned, 50);
    console.log(
      `    dispatch minus spawn: p50 ${p50Gap.toFixed(2)} ms (goal ≤ 25 ms: ${p50Gap <= 25 ? 'met' : 'MISSED'}), ` +
        `p99 ${(percentile(dispatch, 99) - percentile(spawned, 99)).toFixed(2)} ms`,
    );
    const { shippedMs, pipeMs } = await shippingRate(plane, agentId, scratch);
    const mibPerS = (ms: number) => BYTES / (1024 * 1024) / (ms / 1000);
    const ratio = mibPerS(shippedMs) / mibPerS(pipeMs);
    console.log(`(b) log shipping, ${BYTES / (1024 * 1024)} MiB of stdout`);
    console.log(
      `    job stdout → stored on the control plane: ${(shippedMs / 1000).toFixed(2)} s, ${mibPerS(shippedMs).toFixed(1)} MiB/s`,
    );
    console.log(
      `    raw pipe into a file:                     ${(pipeMs / 1000).toFixed(2)} s, ${mibPerS(pipeMs).toFixed(1)} MiB/s`,
    );
    console.log(`    ratio ${ratio.toFixed(3)} (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'})`);
  } finally {
    await agent.stop(5_000);
    await plane.cp.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
