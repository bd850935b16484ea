import { runCommand } from './run-command.js';

/** How to end a process and everything it started, on one OS. */
export type KillTreePlan =
  | { kind: 'command'; command: string; args: string[] }
  | { kind: 'process-group'; groupPid: number; signal: NodeJS.Signals };

/**
 * Windows has no process groups we can signal: `taskkill /T /F` walks the tree. On POSIX the worker
 * is started as a process-group leader (`detached`), so signalling `-pid` reaches its jobs too.
 */
export function killTreePlan(platform: NodeJS.Platform, pid: number): KillTreePlan {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`cannot kill process tree: bad pid ${pid}`);
  if (platform === 'win32')
    return { kind: 'command', command: 'taskkill', args: ['/PID', String(pid), '/T', '/F'] };
  return { kind: 'process-group', groupPid: pid, signal: 'SIGKILL' };
}

export interface KillTreeDeps {
  platform: NodeJS.Platform;
  kill(pid: number, signal: NodeJS.Signals): void;
  run(command: string, args: string[]): Promise<number | null>;
}

const systemDeps: KillTreeDeps = {
  platform: process.platform,
  kill: (pid, signal) => process.kill(pid, signal),
  run: runCommand,
};

/** Kills the process tree rooted at pid; a tree that is already gone is not an error. */
export async function killProcessTree(pid: number, deps: KillTreeDeps = systemDeps): Promise<void> {
  const plan = killTreePlan(deps.platform, pid);
  if (plan.kind === 'command') {
    await deps.run(plan.command, plan.args);
    return;
  }
  try {
    deps.kill(-plan.groupPid, plan.signal);
  } catch (error) {
    if (errnoOf(error) !== 'ESRCH') throw error;
    // Not a group leader (started without `detached`): at least end the process itself.
    try {
      deps.kill(plan.groupPid, plan.signal);
    } catch (inner) {
      if (errnoOf(inner) !== 'ESRCH') throw inner;
    }
  }
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
