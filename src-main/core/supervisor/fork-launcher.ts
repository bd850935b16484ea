import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HostToWorker } from '../../../src-shared/worker-link.js';
import { killProcessTree } from '../../../src-node/processes/process-tree.js';
import { ExitLatch } from './worker-process.js';
import type { WorkerLauncher, WorkerProcess } from './worker-process.js';

export interface ForkLauncherOptions {
  /** Path of the worker's entry module. */
  modulePath: string;
  /** Arguments, or a function giving them at each start (so settings apply on the next restart). */
  args?: readonly string[] | (() => readonly string[]);
  /** Node flags, e.g. `['--import', 'tsx']` to run TypeScript in development. */
  execArgv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts the worker as a Node child process with an IPC channel (the headless host's launcher). */
export function createForkLauncher(options: ForkLauncherOptions): WorkerLauncher {
  return {
    launch() {
      const args = typeof options.args === 'function' ? options.args() : (options.args ?? []);
      const child = fork(options.modulePath, [...args], {
        execArgv: [...(options.execArgv ?? [])],
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Its own process group on POSIX, so a kill reaches the jobs it started
        // (src-node/processes/process-tree.ts).
        detached: process.platform !== 'win32',
        serialization: 'json',
      });
      return wrapChild(child);
    },
  };
}

function wrapChild(child: ChildProcess): WorkerProcess {
  const latch = new ExitLatch();
  child.once('exit', (code, signal) => {
    // What the worker started and left running (a capability probe still answering, say) ends with
    // it: on POSIX it leads its own process group, which outlives it while any member runs. Job
    // steps lead groups of their own; the worker's shutdown drains or cancels them before it exits.
    if (child.pid !== undefined) killProcessTree(child.pid).catch(() => undefined);
    latch.settle({ code, signal });
  });
  child.once('error', (error) => {
    // 'error' without a pid means the spawn itself failed; with a pid it is a send/kill failure.
    if (child.pid === undefined) latch.settle({ code: null, signal: null, startError: error.message });
  });

  return {
    pid: child.pid,
    send(message: HostToWorker) {
      if (!child.connected) return false;
      child.send(message, (error) => {
        // A message lost because the worker is exiting is fine: its exit is handled on its own.
        void error;
      });
      return true;
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message));
    },
    onOutput(listener) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const source = child[stream];
        if (source === null) continue;
        createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => listener(stream, line));
      }
    },
    onExit: (listener) => latch.onExit(listener),
    async killTree() {
      if (child.pid === undefined || latch.exited) return;
      await killProcessTree(child.pid);
    },
  };
}
