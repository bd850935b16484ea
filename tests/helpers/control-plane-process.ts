import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabaseUrl } from './postgres-databases.js';
import { errorMessage } from '../../src-node/error-message.js';

/**
 * Runs the real control-plane CLI (through tsx) on a free loopback port, for integration tests and
 * benches of any area. Every process started here is killed when the test process exits, so a
 * failing test never leaves one behind. Logs (stderr) are at `warn` unless `env` sets
 * PLANASONIX_LOG_LEVEL.
 */
export interface ControlPlaneProcess {
  /** `http://127.0.0.1:PORT`, from the CLI's listen line. */
  url: string;
  /**
   * A key the process accepts: the bootstrap key (PLANASONIX_BOOTSTRAP_API_KEY), or with `apiKey:
   * null` the key a first start printed ('' when the data folder already had keys).
   */
  apiKey: string;
  dataDir: string;
  /** The PostgreSQL database it runs on (the `integration-postgres` project), or undefined: SQLite. */
  databaseUrl: string | undefined;
  pid: number;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  stop(options?: { graceMs?: number; keepDataDir?: boolean }): Promise<ExitStatus>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<ExitStatus>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Reuse a folder (e.g. for a restart); by default a fresh temp folder, removed by stop(). */
  dataDir?: string;
  /** null starts without a bootstrap key (the first-start key path). */
  apiKey?: string | null;
  args?: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /**
   * Run on this PostgreSQL database. Unset: in the `integration-postgres` project a fresh database
   * per data folder (a restart with the same folder finds its data again), elsewhere SQLite.
   */
  databaseUrl?: string;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO_ROOT, 'src-control-plane', 'cli', 'main.ts');
const running = new Set<ChildProcess>();
const databaseOfDataDir = new Map<string, string>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function makeTempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'plnx-cp-'));
}

export async function startControlPlaneProcess(options: StartOptions = {}): Promise<ControlPlaneProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDataDir();
  const apiKey =
    options.apiKey === undefined ? `test-bootstrap-${randomBytes(24).toString('base64url')}` : options.apiKey;
  const databaseUrl = options.databaseUrl ?? (await databaseFor(dataDir));
  const env: NodeJS.ProcessEnv = { ...process.env, PLANASONIX_LOG_LEVEL: 'warn', ...options.env };
  delete env.PLANASONIX_BOOTSTRAP_API_KEY;
  if (apiKey !== null) env.PLANASONIX_BOOTSTRAP_API_KEY = apiKey;
  // By environment, as an operator should: a URL with a password on the command line is world-readable.
  if (databaseUrl !== undefined) env.PLANASONIX_DATABASE_URL = databaseUrl;

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const url = await waitForListenLine(child, () => stdout, exited, options.startTimeoutMs ?? 30_000).catch(
    (error: unknown) => {
      child.kill('SIGKILL');
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`${errorMessage(error)}\nstderr:\n${stderr}`);
    },
  );

  return {
    url,
    apiKey: apiKey ?? firstStartKey(stdout),
    dataDir,
    databaseUrl,
    pid: child.pid ?? -1,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal) => {
      child.kill(signal);
    },
    stop: async ({ graceMs = 10_000, keepDataDir = false } = {}) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const status = await exited;
      clearTimeout(timer);
      if (ownsDataDir && !keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      return status;
    },
  };
}

async function databaseFor(dataDir: string): Promise<string | undefined> {
  const known = databaseOfDataDir.get(dataDir);
  if (known !== undefined) return known;
  const created = await testDatabaseUrl();
  if (created !== undefined) databaseOfDataDir.set(dataDir, created);
  return created;
}

function waitForListenLine(
  child: ChildProcess,
  output: () => string,
  exited: Promise<ExitStatus>,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no listen line within ${timeoutMs} ms`)), timeoutMs);
    const onData = () => {
      const match = /^listening on (http:\/\/\S+)$/m.exec(output());
      if (match?.[1]) finish(null, match[1]);
    };
    const finish = (error: Error | null, url?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      if (error !== null || url === undefined) reject(error ?? new Error('no url'));
      else resolve(url);
    };
    child.stdout?.on('data', onData);
    void exited.then((status) =>
      finish(new Error(`control plane exited before listening: ${JSON.stringify(status)}`)),
    );
  });
}

function firstStartKey(stdout: string): string {
  return /^api key \(shown once[^)]*\): (\S+)$/m.exec(stdout)?.[1] ?? '';
}
