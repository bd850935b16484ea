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
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../helpers/chromium-launch.js';
import { parseEnrollLink } from '../../../src-main/electron/deep-link.js';
import type { Job } from '../../../src-shared/jobs-api/jobs.js';
import { waitUntil } from '../../helpers/wait-until.js';

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
    await waitUntil(processesOfThisRun, {
      until: (left) => left.length === 0,
      message: 'the run stopped after a failure',
      timeoutMs: 45_000,
    }).catch(() => {
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

/** This run's output, printed under a wait that timed out. */
const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;

/** Processes started for this run: each one's command line names the run's own state folder. */
function processesOfThisRun(): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => line.includes(stateDir) && !line.includes(' ps '));
}

describe('npm start without a display', () => {
  it('prints the steps, the printed token alone enrolls in the web UI in Chromium, Ctrl-C stops everything', async () => {
    const printed = await waitUntil(() => stdout, {
      until: (text) => text.includes('Press Ctrl-C to stop everything'),
      message: 'the next steps',
      timeoutMs: 90_000,
      details: output,
    });

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

    // The web UI address, opened in Chromium, shows the Enroll view with the control plane filled in:
    // pasting the printed token alone enrolls the agent, and the status turns connected.
    const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    try {
      const page = await browser.newPage();
      await page.goto(uiUrl);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Enroll' }).click();
      await expect.poll(() => page.getByLabel('API host').inputValue()).toBe(controlPlaneUrl);
      await page.getByLabel('Enrollment token or link').fill(token);
      await page.getByRole('button', { name: 'Check and enroll' }).click();
      await page.getByText(agentId).first().waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Show status' }).click();
      await waitUntil(() => page.locator('.headline-title').textContent(), {
        until: (title) => title === 'Connected',
        message: 'the status view says Connected',
        timeoutMs: 30_000,
        details: output,
      });
    } finally {
      await browser.close();
    }

    // The printed curl commands work as printed: the sample job is accepted for this agent.
    const sh = (command: string) => promisify(execFile)('sh', ['-c', command]).then((r) => r.stdout);
    const submitted = JSON.parse(await sh(submit)) as { data: { id: string; target: unknown } };
    expect(submitted.data).toMatchObject({
      id: expect.stringMatching(/^job_/) as unknown,
      target: { agent_id: agentId },
    });
    // The enrolled agent runs it: the printed list command shows it succeeded, and its log holds
    // what the step printed.
    const listed = await waitUntil(
      async () => {
        const list = JSON.parse(await sh(listJobs)) as { data: Job[] };
        return list.data.find((j) => j.id === submitted.data.id);
      },
      {
        until: (job) => job?.status === 'succeeded',
        message: 'the sample job succeeded',
        timeoutMs: 30_000,
        details: output,
      },
    );
    expect(listed).toMatchObject({ name: 'hello', target: { agent_id: agentId } });
    const log = await fetch(`${controlPlaneUrl}/v1/jobs/${submitted.data.id}/logs`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(await log.text()).toContain('hello from Planasonix\n');
    expect(apiKey).toMatch(/^plnx_key_dev_/);

    // Each of the three by its entry point (npm, sh and tsx name the folder too, and do not count).
    const running = processesOfThisRun();
    for (const entry of [
      'src-control-plane/cli/main.ts',
      'src-main/headless/main.ts',
      'src-agent/cli/main.ts',
    ])
      expect(
        running.filter((line) => line.includes(join(repoRoot, entry))),
        `one process runs ${entry}:\n${running.join('\n')}`,
      ).toHaveLength(1);

    signalGroup('SIGINT');
    const stoppedAt = Date.now();
    // npm itself ends on the SIGINT at once, as in a terminal; the script finishes its orderly stop.
    await waitUntil(() => stdout.includes('stopped everything npm start started.'), {
      message: 'the orderly stop',
      timeoutMs: 45_000,
      details: output,
    });
    await waitUntil(processesOfThisRun, {
      until: (left) => left.length === 0,
      message: 'no process of this run left',
      timeoutMs: 5_000,
    });
    await exited;
    expect(stderr).not.toMatch(/npm start: /);
    console.log(`npm start: stopped in ${Date.now() - stoppedAt} ms after Ctrl-C`);
  }, 240_000);
});
