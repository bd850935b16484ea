/**
 * Idle agent bench (npm run bench:agent-idle). Starts the real control plane, enrolls two standalone
 * agents (one run through tsx as in development, one bundled with esbuild into a temp folder as a
 * release would ship it), lets them settle, then samples each agent's and a bare `node` process's RSS
 * and CPU time every second for the same window. Prints the figures and the differences to bare node.
 * Goal: the idle agent within 40 MB of bare Node and under 0.5 % of one core.
 * Options: --seconds N (measured window, default 30), --heartbeat S (server interval, default 20).
 * Linux only: it reads /proc.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import {
  AGENT_CLI,
  makeAgentDataDir,
  startRealAgent,
  type RealAgentProcess,
} from '../tests/helpers/real-agent-process.js';
import { waitUntil } from '../tests/helpers/wait-until.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, heartbeat: { type: 'string', default: '20' } },
});
const SECONDS = Number(values.seconds);
const SETTLE_MS = 5_000;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Sample {
  rssBytes: number;
  cpuTicks: number;
}

function readStats(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  // Fields after the command name (which may hold spaces) start at index 2 of the split tail.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const tail = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssBytes: rssKb * 1024, cpuTicks: Number(tail[11]) + Number(tail[12]) };
}

async function bundleAgent(dir: string): Promise<string> {
  const outfile = join(dir, 'agent.mjs');
  await build({
    entryPoints: [AGENT_CLI],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // Some bundled CommonJS dependencies require() Node builtins; ESM output needs a require for them.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

async function main(): Promise<void> {
  const bundleDir = mkdtempSync(join(tmpdir(), 'plnx-agent-bundle-'));
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: Number(values.heartbeat) });
  const dirs: string[] = [bundleDir];
  const agents: RealAgentProcess[] = [];
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  try {
    const bundled = await bundleAgent(bundleDir);
    const variants = [
      { name: 'agent (tsx)', entry: undefined },
      { name: 'agent (esbuild bundle)', entry: [bundled] },
    ];
    for (const v of variants) {
      const { token } = await plane.register(v.name);
      const dataDir = makeAgentDataDir();
      dirs.push(dataDir);
      const agent = startRealAgent({
        args: [
          'run',
          '--api-host',
          plane.cp.url,
          '--data-dir',
          dataDir,
          '--token',
          token,
          '--log-level',
          'warn',
        ],
        ...(v.entry ? { entry: v.entry } : {}),
      });
      agents.push(agent);
    }
    // At warn level the agent logs nothing when all is well: wait for the session in the control plane.
    await waitUntil(async () => (await plane.connected()).length, {
      until: (n) => n === agents.length,
      message: 'both agents connected',
      timeoutMs: 30_000,
    });
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    const pids = [...agents.map((a) => a.pid), bare.pid ?? -1];
    const names = ['agent (tsx)', 'agent (esbuild bundle)', 'bare node'];
    const start = pids.map(readStats);
    const rss: number[][] = pids.map(() => []);
    const startedAt = process.hrtime.bigint();
    for (let i = 0; i < SECONDS; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      pids.forEach((pid, k) => rss[k]!.push(readStats(pid).rssBytes));
    }
    const elapsedS = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const end = pids.map(readStats);

    const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
    const rows = pids.map((_, k) => {
      const list = rss[k]!;
      const avg = list.reduce((a, b) => a + b, 0) / list.length;
      const cpu = ((end[k]!.cpuTicks - start[k]!.cpuTicks) / CLOCK_TICKS / elapsedS) * 100;
      return { name: names[k]!, avg, max: Math.max(...list), cpu };
    });
    const base = rows[2]!;
    console.log(
      `idle window ${elapsedS.toFixed(1)} s after ${SETTLE_MS / 1000} s settling; heartbeat every ${values.heartbeat} s`,
    );
    console.log('process                  RSS avg MB  RSS max MB  over bare MB  CPU % of a core');
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(24)} ${mb(r.avg).padStart(10)}  ${mb(r.max).padStart(10)}  ${(r === base ? '-' : mb(r.avg - base.avg)).padStart(12)}  ${r.cpu.toFixed(3).padStart(15)}`,
      );
    }
    for (const r of rows.slice(0, 2)) {
      const memOk = r.avg - base.avg <= 40 * 1024 * 1024;
      const cpuOk = r.cpu < 0.5;
      console.log(
        `${r.name}: memory goal (<= 40 MB over bare) ${memOk ? 'met' : 'MISSED'}; CPU goal (< 0.5 %) ${cpuOk ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    bare.kill('SIGKILL');
    await Promise.all(agents.map((a) => a.stop()));
    await plane.cp.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

await main();
