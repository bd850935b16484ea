// What a new user meets first: a fresh clone, `npm ci`, then the headless host started the way the
// README and docs/operations.md show (`npm run --silent host -- …`). It must serve the real web UI,
// never the "not built yet" page, and the folder it runs from (dist/host) must run on Node alone,
// as the systemd unit runs it. One npm ci (the machine's npm cache is reused): the slow part.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerEnv } from '../../helpers/reader-env.js';
import { waitUntil } from '../../helpers/wait-until.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
let scratch = '';
let clone = '';
const started: ChildProcess[] = [];

interface RunningHost {
  child: ChildProcess;
  origin: string;
  stderr: string[];
  exited: Promise<number | null>;
}

/** Starts a host command and waits for its `ui at` line (a first build may come before it). */
async function startHost(command: string, args: string[], cwd: string): Promise<RunningHost> {
  const dataDir = await mkdtemp(join(scratch, 'host-data-'));
  // Its own process group, as a terminal gives a foreground command.
  const child = spawn(command, [...args, '--data-dir', dataDir, '--ui-port', '0'], {
    cwd,
    env: readerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^ui at (http:\/\/127\.0\.0\.1:\d+)\/#token=\S+$/.exec(line);
      if (match !== null) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`host exited with ${code}:\n${stderr.join('\n')}`)));
  });
  return { child, origin, stderr, exited };
}

/** The page at `/` and the app script it loads, which must be served too. */
async function fetchUi(origin: string): Promise<{ page: string; script: string }> {
  const page = await (await fetch(`${origin}/`)).text();
  const src = /<script type="module"[^>]*src="\.?\/?([^"]+\.js)"/.exec(page)?.[1];
  if (src === undefined) throw new Error(`no module script in the page:\n${page}`);
  const response = await fetch(`${origin}/${src}`);
  expect(response.status).toBe(200);
  return { page, script: await response.text() };
}

/** Ctrl-C as a terminal sends it (SIGINT to the whole group); resolves once no process of it is left. */
async function interrupt(host: RunningHost): Promise<void> {
  const group = host.child.pid!;
  process.kill(-group, 'SIGINT');
  await host.exited;
  await waitUntil(() => groupAlive(group), {
    until: (alive) => !alive,
    message: 'no process of the host command left',
    timeoutMs: 10_000,
  });
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

// Not on Windows: npm is npm.cmd there, which spawn() starts only through a shell; Linux and macOS
// run the same commands.
describe.skipIf(process.platform === 'win32')('a fresh clone, after npm ci', () => {
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'fresh-clone-'));
    clone = join(scratch, 'planasonix-agent');
    await run('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
    const installStarted = performance.now();
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: clone,
      env: readerEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(`fresh clone: npm ci took ${Math.round((performance.now() - installStarted) / 1000)} s`);
  }, 1_500_000);

  afterAll(async () => {
    for (const child of started) if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  }, 60_000);

  it('`npm run --silent host` builds the host with progress, then serves the real web UI; Ctrl-C leaves no process', async () => {
    const host = await startHost('npm', ['run', '--silent', 'host', '--'], clone);
    expect(host.stderr).toContain('build:host: building the web UI (Vite)…');
    const { page, script } = await fetchUi(host.origin);
    expect(page).not.toContain('not built yet');
    expect(page).toContain('<div id="root">');
    // The app's own code: the Enroll view's field is in it.
    expect(script).toContain('Enrollment token or link');
    // npm itself ends on the SIGINT (its exit says nothing of the host's); the host's own exit code
    // at a stop is the start-up sweep's (stop-during-start-up.test.ts).
    await interrupt(host);
  }, 600_000);

  it('the built dist/host runs on Node alone, copied away from the checkout and its node_modules, and exits 0 on Ctrl-C', async () => {
    const alone = join(scratch, 'host-alone');
    await cp(join(clone, 'dist/host'), alone, { recursive: true });
    const host = await startHost(process.execPath, [join(alone, 'main.js')], scratch);
    const { page } = await fetchUi(host.origin);
    expect(page).not.toContain('not built yet');
    // The worker it starts is the agent.js beside it, which comes up and waits to be enrolled.
    await waitUntil(() => host.stderr, {
      until: (lines) => lines.some((line) => line.includes('worker running')),
      message: 'the bundled worker running',
      timeoutMs: 60_000,
    });
    await interrupt(host);
    expect(await host.exited).toBe(0);
  }, 120_000);
});
