// A stop at any moment of the headless host's start-up ends it within a bound, with exit 0, and
// leaves no process of the host or its worker behind. The host runs as the systemd unit runs it:
// the bundle (`npm run build:host`'s main.js and agent.js) on plain Node, with the real agent
// worker, or with a worker that crashes at once so the stop also lands while it backs off.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHostPrograms } from '../../../scripts/build-host.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const STOP_BOUND_MS = 10_000;
let bundleDir = '';

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'host-bundle-'));
  await bundleHostPrograms(bundleDir);
}, 120_000);
afterAll(() => rm(bundleDir, { recursive: true, force: true }));

interface ProcessRow {
  pid: number;
  pgid: number;
  args: string;
}

/** The processes running now; zombies (ended, waiting for init to reap them) are not running. */
function processTable(): ProcessRow[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null && !match[3]!.startsWith('Z'))
    .map((match) => ({ pid: Number(match![1]), pgid: Number(match![2]), args: match![4]! }));
}

interface StopOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stopMs: number;
  stderr: string;
  /** Every process but the host seen running for its data folder (the worker, in its own group). */
  seen: ProcessRow[];
  /** What is still running for this host afterwards: its pid, a seen group, or its data folder. */
  left: ProcessRow[];
}

/** Starts the bundled host, sends `signal` `atMs` after the spawn, and watches it end. */
async function stopAt(atMs: number, signal: NodeJS.Signals, env: NodeJS.ProcessEnv): Promise<StopOutcome> {
  const dataDir = await mkdtemp(join(tmpdir(), 'host-stop-'));
  const child = spawn(
    process.execPath,
    [join(bundleDir, 'main.js'), '--data-dir', dataDir, '--ui-port', '0'],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig, at: performance.now() })),
  );
  const seen = new Map<number, ProcessRow>();
  const watch = setInterval(() => {
    for (const row of processTable())
      if (row.pid !== child.pid && row.args.includes(dataDir)) seen.set(row.pid, row);
  }, 50);
  await new Promise((resolve) => setTimeout(resolve, atMs));
  const sentAt = performance.now();
  child.kill(signal);
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_BOUND_MS * 3);
  const exit = await exited;
  clearTimeout(killer);
  clearInterval(watch);
  // The worker leads its own process group (its jobs would be in it); the host shares ours.
  const groups = new Set([...seen.values()].filter((row) => row.pgid === row.pid).map((row) => row.pgid));
  const left = processTable().filter(
    (row) => row.pid === child.pid || groups.has(row.pgid) || row.args.includes(dataDir),
  );
  for (const row of left) process.kill(row.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  return {
    code: exit.code,
    signal: exit.signal,
    stopMs: exit.at - sentAt,
    stderr,
    seen: [...seen.values()],
    left,
  };
}

/**
 * Exit 0, within the bound, nothing left. One allowance: a signal that lands before Node has run
 * any of the host's code gets the OS default (the process ends by that signal); the host had then
 * started nothing, which its silent stderr and the empty list of processes seen show.
 */
function expectOrderlyStop(outcome: StopOutcome, signal: NodeJS.Signals, what: string): void {
  const detail = `${what}: ${JSON.stringify({ ...outcome, stderr: outcome.stderr.slice(-2000) })}`;
  expect(outcome.left, detail).toEqual([]);
  expect(outcome.stopMs, detail).toBeLessThan(STOP_BOUND_MS);
  if (outcome.signal === signal && outcome.stderr === '' && outcome.seen.length === 0) return;
  expect({ code: outcome.code, signal: outcome.signal }, detail).toEqual({ code: 0, signal: null });
}

// POSIX: the check reads the process table with ps and the worker's process group (Windows has
// neither; there the worker is ended with taskkill /T, see kill-tree.ts).
describe.skipIf(process.platform === 'win32')(
  'stopping the headless host at any moment of its start-up',
  () => {
    it('with the real agent worker: at 13 moments from 0 to 3 s, SIGTERM and SIGINT in turn, it exits 0 within 10 s and leaves no process', async () => {
      const moments = Array.from({ length: 13 }, (_, i) => i * 250);
      const summary: string[] = [];
      for (const [index, atMs] of moments.entries()) {
        const signal = index % 2 === 0 ? 'SIGTERM' : 'SIGINT';
        const outcome = await stopAt(atMs, signal, {});
        summary.push(
          `${atMs} ms ${signal}: exit ${outcome.code ?? outcome.signal} in ${Math.round(outcome.stopMs)} ms, worker ${outcome.seen.length > 0 ? 'seen' : 'not seen'}`,
        );
        expectOrderlyStop(outcome, signal, `${atMs} ms, ${signal}`);
      }
      console.log(summary.join('\n'));
      // The sweep reached the worker: most moments fall after it was started.
      expect(summary.filter((line) => line.endsWith('worker seen')).length).toBeGreaterThanOrEqual(6);
    }, 300_000);

    it('with a worker that crashes at once: stops landing while it starts, backs off and restarts exit 0 within 10 s and leave no process', async () => {
      const env = { PLANASONIX_WORKER_ENTRY: join(repoRoot, 'tests/fixtures/worker/crash.mjs') };
      for (const [index, atMs] of [600, 1200, 1800, 2400, 3000].entries()) {
        const signal = index % 2 === 0 ? 'SIGINT' : 'SIGTERM';
        const outcome = await stopAt(atMs, signal, env);
        expectOrderlyStop(outcome, signal, `${atMs} ms, ${signal}`);
      }
    }, 180_000);
  },
);
