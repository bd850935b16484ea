/**
 * The OS-specific choices of running a step, each one small pure function so every branch is tested
 * on any OS (we can only run Linux here). How a step's tree is signalled is in
 * `src-node/processes/process-tree.ts`: on Windows "nothing outlives its job" holds for the tree
 * that is still connected by parent pid.
 */

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
