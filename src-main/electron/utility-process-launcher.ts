import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import type { HostToWorker } from '../../src-shared/worker-link.js';
import { killProcessTree } from '../../src-node/processes/process-tree.js';
import { ExitLatch } from '../core/supervisor/worker-process.js';
import type { WorkerLauncher, WorkerProcess } from '../core/supervisor/worker-process.js';

export interface UtilityLauncherOptions {
  /** The bundled worker (dist/agent/…), loaded by Electron's own Node: no separate runtime to ship. */
  modulePath: string;
  /** The worker's arguments, read at each start (settings such as the proxy apply on restart). */
  args: () => readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The supervisor's launcher in the desktop app: the worker as an Electron `utilityProcess`. */
export function createUtilityProcessLauncher(options: UtilityLauncherOptions): WorkerLauncher {
  return {
    launch() {
      const child = utilityProcess.fork(options.modulePath, [...options.args()], {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: 'pipe',
        serviceName: 'Planasonix Agent Worker',
      });
      return wrapUtilityProcess(child);
    },
  };
}

export function wrapUtilityProcess(child: UtilityProcess): WorkerProcess {
  const latch = new ExitLatch();
  let fatal: string | null = null;
  child.on('error', (type, location) => {
    fatal = `${type} at ${location}`;
  });
  child.once('exit', (code) => {
    latch.settle(fatal === null ? { code, signal: null } : { code: null, signal: null, startError: fatal });
  });

  return {
    get pid() {
      return child.pid;
    },
    send(message: HostToWorker) {
      if (latch.exited) return false;
      child.postMessage(message);
      return true;
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message));
    },
    onOutput(listener) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const source = child[stream];
        if (source === null) continue;
        createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => listener(stream, line));
      }
    },
    onExit(listener) {
      latch.onExit(listener);
    },
    async killTree() {
      if (latch.exited) return;
      // A utility process cannot lead its own process group, so this reaches the worker itself;
      // the worker runs each job in a group of its own and ends them when its link drops.
      if (child.pid !== undefined) await killProcessTree(child.pid);
      else child.kill();
    },
  };
}
