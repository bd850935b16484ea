// `npm start` as a new user runs it on a machine without a display (ours: Electron's binary cannot
// even be downloaded here): the real control plane, host and agent, no fakes. The printed steps are
// followed as written, then Ctrl-C goes to the whole terminal process group.
import { execFile, spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hostApiClient, openHostSocket } from '../../helpers/host-api-socket.js';
import { parseEnrollLink } from '../../../src-main/electron/deep-link.js';
import type { Job } from '../../../src-shared/jobs-api/jobs.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
const env: NodeJS.ProcessEnv = { ...process.env };
for (const name of [
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'ELECTRON_OVERRIDE_DIST_PATH',
  'PLANASONIX_BOOTSTRAP_API_KEY',
]) {
  delete env[name];
}

// Its own process group, as a shell gives a foreground job: Ctrl-C is SIGINT to the whole group.
const start = spawn('npm', ['start', '--silent', '--', '--port', '0', '--state-dir', stateDir], {
  cwd: repoRoot,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let stdout = '';
let stderr = '';
start.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
start.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
const exited = new Promise<void>((resolve) => start.once('exit', () => resolve()));

afterAll(async () => {
  // Only when a step failed before Ctrl-C: stop the run as a user would, then make sure.
  if (processesOfThisRun().length > 0) {
    signalGroup('SIGINT');
    await until('the run stopped after a failure', 45_000, () =>
      processesOfThisRun().length === 0 ? true : null,
    ).catch(() => {
      for (const line of processesOfThisRun()) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    });
  }
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-start.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | null | Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
}

/** Processes started for this run: each one's command line names the run's own state folder. */
function processesOfThisRun(): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => line.includes(stateDir) && !line.includes(' ps '));
}

describe('npm start without a display', () => {
  it('prints the steps, the printed token enrolls through the headless host, Ctrl-C stops everything', async () => {
    const printed = await until('the next steps', 90_000, () =>
      stdout.includes('Press Ctrl-C to stop everything') ? stdout : null,
    );

    // One line says why there is no desktop app, and what runs instead.
    const fallback = printed.split('\n').filter((line) => line.includes('Electron cannot start here'));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(/; starting the headless host instead\.$/);

    const field = (pattern: RegExp) => {
      const match = pattern.exec(printed);
      if (!match?.[1]) throw new Error(`not printed: ${pattern.source}\n${printed}`);
      return match[1];
    };
    const controlPlaneUrl = field(/^ {2}control plane {2}(http:\/\/127\.0\.0\.1:\d+)$/m);
    const apiKey = field(/^ {2}API key {8}(\S+)$/m);
    const agentId = field(/^ {2}agent {10}(agt_\w+) /m);
    const uiUrl = field(/Open the host's web UI: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/m);
    const token = field(/^ {3}(plnx_enroll_\S+)$/m);
    const link = field(/^ {3}(planasonix:\/\/enroll\?\S+)$/m);
    const submit = field(/^ {3}(curl -fsS -X POST \S+\/v1\/jobs .+)$/m);
    const listJobs = field(/^ {3}(curl -fsS \S+\/v1\/jobs -H .+)$/m);

    // The one-click link carries the same control plane and token.
    expect(parseEnrollLink(link)).toEqual({ ok: true, link: { apiHost: controlPlaneUrl, token } });

    // The web UI address opens the host API (same token), where the printed token enrolls.
    const ui = new URL(uiUrl);
    const uiToken = new URLSearchParams(ui.hash.slice(1)).get('token');
    const opened = await openHostSocket(`ws://${ui.host}/api?token=${uiToken}`);
    if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
    const client = hostApiClient(opened.socket);
    await until('worker up', 30_000, async () => ((await client.snapshot()).worker === null ? null : true));
    const { agentId: enrolled } = await client.enroll({ apiHost: controlPlaneUrl, token });
    expect(enrolled).toBe(agentId);
    await until('agent connected', 30_000, async () =>
      (await client.snapshot()).worker?.phase === 'connected' ? true : null,
    );
    opened.socket.close();

    // The printed curl commands work as printed: the sample job is accepted for this agent.
    const sh = (command: string) => promisify(execFile)('sh', ['-c', command]).then((r) => r.stdout);
    const submitted = JSON.parse(await sh(submit)) as { data: { id: string; target: unknown } };
    expect(submitted.data).toMatchObject({
      id: expect.stringMatching(/^job_/) as unknown,
      target: { agent_id: agentId },
    });
    // The enrolled agent runs it: the printed list command shows it succeeded, and its log holds
    // what the step printed.
    const listed = await until('the sample job succeeded', 30_000, async () => {
      const list = JSON.parse(await sh(listJobs)) as { data: Job[] };
      const job = list.data.find((j) => j.id === submitted.data.id);
      return job?.status === 'succeeded' ? job : null;
    });
    expect(listed).toMatchObject({ name: 'hello', target: { agent_id: agentId } });
    const log = await fetch(`${controlPlaneUrl}/v1/jobs/${submitted.data.id}/logs`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(await log.text()).toContain('hello from Planasonix\n');
    expect(apiKey).toMatch(/^plnx_key_dev_/);

    const running = processesOfThisRun();
    expect(running.length).toBeGreaterThanOrEqual(3); // control plane, host, agent worker

    signalGroup('SIGINT');
    const stoppedAt = Date.now();
    // npm itself ends on the SIGINT at once, as in a terminal; the script finishes its orderly stop.
    await until('the orderly stop', 45_000, () =>
      stdout.includes('stopped everything npm start started.') ? true : null,
    );
    await until('no process of this run left', 5_000, () =>
      processesOfThisRun().length === 0 ? true : null,
    );
    await exited;
    expect(stderr).not.toMatch(/npm start: /);
    console.log(`npm start: stopped in ${Date.now() - stoppedAt} ms after Ctrl-C`);
  }, 240_000);
});
