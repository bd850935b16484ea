// `npm start`: a local control plane, an agent registered on it, and the agent host pointed at it:
// the desktop app where Electron can start, the headless host (and its web UI) where it cannot.
// Prints what to do next; Ctrl-C stops everything it started. See --help.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDesktop } from './build-desktop.js';
import { checkElectron } from './start-electron-check.js';
import { nextSteps } from './start-next-steps.js';
import { startProcess } from './start-processes.js';
import type { ManagedProcess } from './start-processes.js';
import { errorMessage } from '../src-node/error-message.js';

const USAGE = `usage: npm start -- [--port N] [--state-dir DIR] [--headless] [--reset]

  --port N         control plane port on 127.0.0.1 (default 8080; 0 = any free port)
  --state-dir DIR  where the control plane's and the host's data live (default .planasonix/)
  --headless       run the headless host even where the desktop app could start
  --reset          delete the state folder first (a fresh control plane and host)
  --help           this text`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = ['--import', 'tsx'];
const STOP_GRACE_MS = { host: 20_000, controlPlane: 10_000 };

interface Options {
  port: number;
  stateDir: string;
  headless: boolean;
  reset: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' },
      'state-dir': { type: 'string', default: join(repoRoot, '.planasonix') },
      headless: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535)
    throw new Error(`--port: "${values.port}" is not a port (0-65535)`);
  return { port, stateDir: resolve(values['state-dir']), headless: values.headless, reset: values.reset };
}

const started: ManagedProcess[] = [];
let stopping: Promise<void> | null = null;

/** Stops what runs, host first (it stops its worker, which may still report to the control plane). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const child of [...started].reverse()) {
      await child.stop(child.name === 'control plane' ? STOP_GRACE_MS.controlPlane : STOP_GRACE_MS.host);
    }
  })();
  return stopping;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function prefixed(name: string): (line: string) => void {
  return (line) => process.stderr.write(`[${name}] ${line}\n`);
}

async function registerAgent(url: string, apiKey: string): Promise<{ id: string; token: string }> {
  const platform =
    process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';
  const response = await fetch(`${url}/api/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: `${hostname()} (npm start)`, platform, tags: ['env:local'] }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => null)) as {
    data?: { id?: unknown; enrollment_token?: unknown };
    error?: { message?: unknown };
  } | null;
  const { id, enrollment_token: token } = body?.data ?? {};
  if (response.status !== 201 || typeof id !== 'string' || typeof token !== 'string') {
    const why = typeof body?.error?.message === 'string' ? `: ${body.error.message}` : '';
    throw new Error(`registering an agent failed: HTTP ${response.status}${why}`);
  }
  return { id, token };
}

/** The desktop app needs its bundles, the renderer and the tray icons; built when missing. */
async function prepareDesktop(): Promise<void> {
  await buildDesktop();
  await buildIfMissing('icons', join(repoRoot, 'dist/icons/tray'), ['build/icons/generate.ts']);
}

async function buildIfMissing(what: string, output: string, tsxArgs: string[]): Promise<void> {
  if (existsSync(output)) return;
  say(`building the ${what} (first run only)…`);
  const build = startProcess({
    name: `build ${what}`,
    command: process.execPath,
    args: [...tsx, ...tsxArgs],
    env: process.env,
    cwd: repoRoot,
    ready: null,
    readyTimeoutMs: 1,
    onLine: prefixed(`build ${what}`),
  });
  await build.exited;
  if (!existsSync(output)) throw new Error(`building the ${what} failed (see above)`);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === null) {
    say(USAGE);
    return 0;
  }
  if (options.reset) rmSync(options.stateDir, { recursive: true, force: true });
  const controlPlaneDir = join(options.stateDir, 'control-plane');
  const hostDir = join(options.stateDir, 'host');
  mkdirSync(controlPlaneDir, { recursive: true, mode: 0o700 });
  mkdirSync(hostDir, { recursive: true, mode: 0o700 });

  const apiKey = `plnx_key_dev_${randomBytes(32).toString('base64url')}`;
  const controlPlane = startProcess({
    name: 'control plane',
    command: process.execPath,
    args: [
      ...tsx,
      join(repoRoot, 'src-control-plane/cli/main.ts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--data-dir',
      controlPlaneDir,
    ],
    env: { ...process.env, PLANASONIX_BOOTSTRAP_API_KEY: apiKey, PLANASONIX_LOG_LEVEL: 'warn' },
    cwd: repoRoot,
    ready: /^listening on (http:\/\/\S+)$/,
    readyTimeoutMs: 60_000,
    onLine: prefixed('control plane'),
  });
  started.push(controlPlane);
  const url = await controlPlane.ready;
  const agent = await registerAgent(url, apiKey);

  const electron = checkElectron({
    platform: process.platform,
    env: process.env,
    electronPackageDir: join(repoRoot, 'node_modules/electron'),
    readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    isFile: (path) => existsSync(path) && statSync(path).isFile(),
  });
  const hostEnv = { ...process.env, PLANASONIX_DATA_DIR: hostDir, PLANASONIX_API_HOST: url };
  // Both hosts show the same UI: Vite's build of src-renderer.
  await buildIfMissing('renderer', join(repoRoot, 'dist/renderer/index.html'), [
    join(repoRoot, 'node_modules/vite/bin/vite.js'),
    'build',
  ]);
  let host: { kind: 'desktop' } | { kind: 'headless'; uiUrl: string };
  if (electron.ok && !options.headless) {
    await prepareDesktop();
    const app = startProcess({
      name: 'desktop app',
      command: electron.binary,
      args: [join(repoRoot, 'dist/main/index.js')],
      env: hostEnv,
      cwd: repoRoot,
      ready: null,
      readyTimeoutMs: 1,
      onLine: prefixed('desktop app'),
    });
    started.push(app);
    host = { kind: 'desktop' };
  } else {
    const why = electron.ok ? 'you asked for --headless' : `Electron cannot start here: ${electron.reason}`;
    say(`${why}; starting the headless host instead.`);
    const headless = startProcess({
      name: 'host',
      command: process.execPath,
      args: [...tsx, join(repoRoot, 'src-main/headless/main.ts'), '--data-dir', hostDir, '--api-host', url],
      env: hostEnv,
      cwd: repoRoot,
      ready: /^ui at (http:\/\/\S+)$/,
      readyTimeoutMs: 60_000,
      onLine: prefixed('host'),
    });
    started.push(headless);
    host = { kind: 'headless', uiUrl: await headless.ready };
  }
  say(nextSteps({ controlPlaneUrl: url, apiKey, agentId: agent.id, enrollmentToken: agent.token, host }));

  // Runs until Ctrl-C (or until one of the processes ends on its own, which stops the rest).
  await Promise.race([
    new Promise<void>((resolve) => {
      // Kept for the whole shutdown: a terminal's Ctrl-C also reaches npm and tsx, which relay it
      // again; a second signal must not cut the orderly stop short.
      process.on('SIGINT', () => resolve());
      process.on('SIGTERM', () => resolve());
    }),
    ...started.map((child) =>
      child.exited.then(() => {
        if (stopping === null) say(`${child.name} stopped on its own; stopping the rest.`);
      }),
    ),
  ]);
  say('stopping…');
  await stopAll();
  say('stopped everything npm start started.');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    process.stderr.write(`npm start: ${errorMessage(error)}\n`);
    await stopAll();
    process.exitCode = 1;
  },
);
