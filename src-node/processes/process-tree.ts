import { errorCode } from '../error-message.js';
import { runCommand } from './run-command.js';

/**
 * Ending a process and everything it started, on each OS: the agent's job steps and the host's worker.
 *
 * POSIX (Linux, macOS): the root is started as a process-group leader (`detached`), so one signal to
 * `-pgid` reaches the whole tree. Windows has no process groups Node can signal and no job objects
 * without a native module (the desktop app carries none), so `taskkill /T` walks the tree by parent
 * pid: a grandchild whose parent has already exited is no longer reachable that way.
 */
export type TreeSignal = 'SIGTERM' | 'SIGKILL';

export type TreeSignalPlan =
  | { kind: 'signal'; target: number; signal: TreeSignal }
  | { kind: 'command'; command: string; args: string[] };

/** Windows: `taskkill /T` without `/F` asks politely (a close message, which console programs mostly ignore). */
export function windowsTreeSignal(rootPid: number, signal: TreeSignal): TreeSignalPlan {
  const args = ['/PID', String(rootPid), '/T'];
  return { kind: 'command', command: 'taskkill', args: signal === 'SIGKILL' ? [...args, '/F'] : args };
}

/** Linux and macOS: the signal to the root's process group. */
export function posixTreeSignal(rootPid: number, signal: TreeSignal): TreeSignalPlan {
  return { kind: 'signal', target: -rootPid, signal };
}

export function treeSignalPlan(
  platform: NodeJS.Platform,
  rootPid: number,
  signal: TreeSignal,
): TreeSignalPlan {
  assertTreePid(rootPid);
  return platform === 'win32' ? windowsTreeSignal(rootPid, signal) : posixTreeSignal(rootPid, signal);
}

/**
 * Which pid to probe with signal 0 to learn whether anything of the tree is left: the group on
 * POSIX (any member keeps it alive), only the root on Windows (see the note at the top).
 */
export function treeProbeTarget(platform: NodeJS.Platform, rootPid: number): number {
  assertTreePid(rootPid);
  return platform === 'win32' ? rootPid : -rootPid;
}

function assertTreePid(pid: number): void {
  // 0 and -1 would signal our own group or every process we may signal; 1 is init.
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`not a process tree root: pid ${pid}`);
}

export interface TreeSignalDeps {
  platform: NodeJS.Platform;
  kill(pid: number, signal: NodeJS.Signals | 0): void;
  run(command: string, args: string[]): Promise<unknown>;
}

export function systemTreeSignalDeps(platform: NodeJS.Platform = process.platform): TreeSignalDeps {
  return { platform, kill: (pid, signal) => process.kill(pid, signal), run: runCommand };
}

/** Sends the signal to the tree; false when there was no such group (POSIX ESRCH). */
export async function signalProcessTree(
  rootPid: number,
  signal: TreeSignal,
  deps: TreeSignalDeps,
): Promise<boolean> {
  const plan = treeSignalPlan(deps.platform, rootPid, signal);
  if (plan.kind === 'command') {
    await deps.run(plan.command, plan.args);
    return true;
  }
  try {
    deps.kill(plan.target, plan.signal);
    return true;
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') throw error;
    return false;
  }
}

/**
 * Kills the tree rooted at pid at once; a tree that is already gone is not an error. A root that
 * leads no group (an Electron utility process cannot be started `detached`) is at least ended itself.
 */
export async function killProcessTree(
  rootPid: number,
  deps: TreeSignalDeps = systemTreeSignalDeps(),
): Promise<void> {
  if (await signalProcessTree(rootPid, 'SIGKILL', deps)) return;
  try {
    deps.kill(rootPid, 'SIGKILL');
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') throw error;
  }
}
