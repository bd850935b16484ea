import { spawn } from 'node:child_process';

/** Runs a command without a shell; resolves with its exit code (null if it could not start). */
export function runCommand(command: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', windowsHide: true });
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}
