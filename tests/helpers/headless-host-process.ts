import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface HeadlessHostProcess {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stderr: string[];
  /** SIGTERM, wait for exit (SIGKILL after 15 s), remove the data folder; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the real headless host (`tsx src-main/headless/main.ts`) on a free loopback port with a
 * temp data folder, and waits for its `ui at` line. `workerFixture` names a stand-in worker in
 * tests/fixtures/worker; without it the host starts the real agent.
 */
export async function startHeadlessHostProcess(
  options: { workerFixture?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<HeadlessHostProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'host-it-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.workerFixture !== undefined) {
    env.PLANASONIX_WORKER_ENTRY = join(repoRoot, 'tests/fixtures/worker', options.workerFixture);
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/headless/main.ts',
      '--data-dir',
      dataDir,
      '--ui-port',
      '0',
      ...(options.args ?? []),
    ],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('host did not print its ui line within 30 s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr.join('\n')}`));
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^ui at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/.exec(line);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => fail(new Error(`host exited with ${code} before it was ready`)));
  });
  const parsed = new URL(url);

  return {
    url,
    port: Number(parsed.port),
    token: parsed.hash.replace('#token=', ''),
    dataDir,
    child,
    stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(killer);
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
