import { execFile } from 'node:child_process';

/**
 * Runs a command without a shell and captures its standard output (up to 1 MiB, for 10 s at most);
 * `code` is null when it could not start or was stopped.
 */
export function commandOutput(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { windowsHide: true, timeout: 10_000, maxBuffer: 1 << 20, encoding: 'utf8' },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout });
      },
    );
  });
}
