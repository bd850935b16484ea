/**
 * The OS-specific choices of running a step, each one small pure function so every branch is tested
 * on any OS (we can only run Linux here).
 *
 * Windows has no process groups that Node can signal and no job objects reachable without a native
 * module (the desktop app carries none), so the tree is ended with `taskkill /T`, which walks child
 * processes by parent pid. A grandchild whose parent has already exited is no longer reachable that
 * way: on Windows "nothing outlives its job" holds for the tree that is still connected.
 */

export type TreeSignal = 'SIGTERM' | 'SIGKILL';

export interface ShellInvocation {
  command: string;
  args: string[];
}

/**
 * The platform shell for a step's `run` text. On POSIX the script is prefixed with `exec 2>&1`, so
 * the shell and everything it starts write stdout and stderr into one pipe: the spool then holds
 * them in the exact order they were written, which two pipes read by one process cannot promise.
 * PowerShell would wrap redirected native stderr into error records, so on Windows the two pipes
 * stay apart and interleave in the order the agent reads them.
 */
export function shellInvocation(platform: NodeJS.Platform, script: string): ShellInvocation {
  if (platform === 'win32')
    return {
      command: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', script],
    };
  return { command: '/bin/sh', args: ['-c', `exec 2>&1\n${script}`] };
}

/** POSIX: the step leads a new process group (`detached`), so one signal to `-pgid` reaches all. */
export function spawnsOwnGroup(platform: NodeJS.Platform): boolean {
  return platform !== 'win32';
}

export type TreeSignalPlan =
  | { kind: 'signal'; target: number; signal: TreeSignal }
  | { kind: 'command'; command: string; args: string[] };

/**
 * How to signal a step's whole tree. On Windows `taskkill /T` without `/F` asks politely (a close
 * message, which console programs mostly ignore, so the grace period usually ends in `/F`).
 */
export function treeSignalPlan(
  platform: NodeJS.Platform,
  leaderPid: number,
  signal: TreeSignal,
): TreeSignalPlan {
  assertPid(leaderPid);
  if (platform === 'win32') {
    const args = ['/PID', String(leaderPid), '/T'];
    return { kind: 'command', command: 'taskkill', args: signal === 'SIGKILL' ? [...args, '/F'] : args };
  }
  return { kind: 'signal', target: -leaderPid, signal };
}

/**
 * Which pid to probe with signal 0 to learn whether anything of the tree is left: the group on
 * POSIX (any member keeps it alive), only the leader on Windows (see the note at the top).
 */
export function treeProbeTarget(platform: NodeJS.Platform, leaderPid: number): number {
  assertPid(leaderPid);
  return platform === 'win32' ? leaderPid : -leaderPid;
}

function assertPid(pid: number): void {
  // 0 and -1 would signal our own group or every process we may signal.
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`not a step process id: ${pid}`);
}
