/**
 * Spool bench (npm run bench:spool). A job step prints N bytes (default 1 GiB) through the real job
 * core into its on-disk spool (pipe → agent → file, with the running SHA-256), beside a raw shell
 * pipe of the same bytes into a file (`head -c N /dev/zero | cat > file`) and beside Node merely
 * reading that pipe and dropping the bytes (the floor for any agent that reads step output), in the
 * same run, in alternating rounds. Prints both rates, their ratio, and the agent process's RSS sampled every 50 ms
 * while the job runs (goal: flat, since output goes to disk, never into the heap).
 * Options: --bytes N, --rounds N (default 3; medians are reported).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JobExecution } from '../src-agent/jobs/job-execution.js';
import { parseJobSpec } from '../src-agent/jobs/job-spec.js';
import { newJobId, jobCoreDeps } from '../tests/helpers/job-core.js';

const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: String(1024 ** 3) },
    rounds: { type: 'string', default: '3' },
  },
});
const BYTES = Number(values.bytes);
const ROUNDS = Number(values.rounds);
if (!Number.isSafeInteger(BYTES) || BYTES < 1) throw new Error(`--bytes must be a positive whole number`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 20) throw new Error(`--rounds must be 1..20`);

const MB = 1024 * 1024;

async function rawPipe(dir: string): Promise<number> {
  const file = join(dir, 'raw.bin');
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const shell = spawn('/bin/sh', ['-c', `head -c ${BYTES} /dev/zero | cat > "${file}"`], {
      stdio: 'inherit',
    });
    shell.once('error', reject);
    shell.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`raw pipe exited ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  if (statSync(file).size !== BYTES) throw new Error('raw pipe wrote the wrong size');
  rmSync(file);
  return seconds;
}

/** Node reading the same output through a pipe and dropping it: the floor for any piped agent. */
async function nodePipeDiscard(): Promise<number> {
  const started = performance.now();
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    const shell = spawn('/bin/sh', ['-c', `head -c ${BYTES} /dev/zero`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    shell.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
    shell.once('error', reject);
    shell.once('close', () => resolve());
  });
  if (received !== BYTES) throw new Error(`node pipe read ${received} bytes, expected ${BYTES}`);
  return (performance.now() - started) / 1000;
}

interface SpoolRound {
  seconds: number;
  rss: number[];
}

async function throughSpool(dir: string): Promise<SpoolRound> {
  const deps = jobCoreDeps({
    dataDir: join(dir, `agent-${Math.random().toString(36).slice(2)}`),
    logCapBytes: BYTES * 2,
  });
  const spec = parseJobSpec({
    jobId: newJobId(),
    attempt: 1,
    steps: [{ name: 'print', run: `head -c ${BYTES} /dev/zero` }],
  });
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage.rss()), 50);
  const started = performance.now();
  try {
    const execution = JobExecution.accept(spec, deps);
    const result = await execution.execute();
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 'succeeded' || result.logLength < BYTES)
      throw new Error(`job ended ${result.status}`);
    return { seconds, rss };
  } finally {
    clearInterval(sampler);
    rmSync(deps.dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plnx-spool-bench-'));
  const raw: number[] = [];
  const piped: number[] = [];
  const spool: SpoolRound[] = [];
  try {
    // Warm the page cache and the shell once, unmeasured.
    await rawPipe(dir);
    for (let round = 0; round < ROUNDS; round += 1) {
      raw.push(await rawPipe(dir));
      piped.push(await nodePipeDiscard());
      spool.push(await throughSpool(dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rawRate = BYTES / MB / median(raw);
  const pipedRate = BYTES / MB / median(piped);
  const spoolRate = BYTES / MB / median(spool.map((r) => r.seconds));
  const samples = spool.flatMap((r) => r.rss);
  const firstQuarter = samples.slice(0, Math.max(1, Math.floor(samples.length / 4)));
  const lastQuarter = samples.slice(-Math.max(1, Math.floor(samples.length / 4)));
  const pct = (rate: number) => `${((rate / rawRate) * 100).toFixed(0)} % of raw`;
  const load = loadavg()[0] ?? 0;
  console.log(`bytes per job: ${mb(BYTES)} MiB, rounds: ${ROUNDS} (medians)`);
  console.log(`machine: ${cpus().length} CPUs, load average ${load.toFixed(1)} at the end`);
  console.log(`raw pipe into a file:            ${rawRate.toFixed(0)} MiB/s`);
  console.log(`node reading the pipe, no file:  ${pipedRate.toFixed(0)} MiB/s  (${pct(pipedRate)})`);
  console.log(`job → agent → spool + SHA-256:   ${spoolRate.toFixed(0)} MiB/s  (${pct(spoolRate)})`);
  console.log(
    `agent RSS while printing: min ${mb(Math.min(...samples))} MiB, median ${mb(median(samples))} MiB, ` +
      `max ${mb(Math.max(...samples))} MiB; first-quarter median ${mb(median(firstQuarter))} MiB, ` +
      `last-quarter median ${mb(median(lastQuarter))} MiB (${samples.length} samples)`,
  );
}

await main();
