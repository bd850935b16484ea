// The processes `npm start` runs, each in its own process group so that a terminal's Ctrl-C reaches
// only npm start, which then stops them in order and within bounds (no orphans, no half shutdowns).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { killProcessTree } from '../src-node/processes/process-tree.js';

export interface ManagedProcess {
  name: string;
  pid: number;
  /** Resolves with the first capture group of `ready` once a stdout line matches it. */
  ready: Promise<string>;
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL to its whole group after graceMs; resolves once it has exited. */
  stop(graceMs: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A stdout line that says the process is ready; its first group is what `ready` resolves with. */
  ready: RegExp | null;
  readyTimeoutMs: number;
  /** Every other output line, for the user (prefixed by the caller). */
  onLine: (line: string) => void;
}

export function startProcess(options: StartProcessOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let resolveReady: (value: string) => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A caller that gave up waiting must not see an unhandled rejection later.
  ready.catch(() => undefined);
  let isReady = options.ready === null;
  if (isReady) resolveReady('');
  const timer = setTimeout(() => {
    if (!isReady)
      rejectReady(new Error(`${options.name} was not ready within ${options.readyTimeoutMs / 1000} s`));
  }, options.readyTimeoutMs);
  child.once('error', (error) => rejectReady(new Error(`${options.name} could not start: ${error.message}`)));
  void exited.then(() => {
    clearTimeout(timer);
    rejectReady(
      new Error(`${options.name} exited (code ${child.exitCode ?? child.signalCode}) before it was ready`),
    );
  });

  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = isReady ? null : options.ready?.exec(line);
    if (match) {
      isReady = true;
      clearTimeout(timer);
      resolveReady(match[1] ?? line);
      return;
    }
    options.onLine(line);
  });
  createInterface({ input: child.stderr }).on('line', options.onLine);

  return {
    name: options.name,
    pid: child.pid ?? -1,
    ready,
    exited,
    stop: (graceMs) => stopChild(child, exited, graceMs),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => killGroup(child), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort: the process and everything it started (taskkill /T on Windows, its group on POSIX). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  killProcessTree(child.pid).catch(() => undefined);
}
