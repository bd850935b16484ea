import { execFileSync } from 'node:child_process';

/**
 * True on Windows when this process runs elevated, as GitHub's Windows runners do: PostgreSQL
 * refuses to start as an Administrator there. `net session` succeeds only for an Administrator.
 */
export function isWindowsAdministrator(
  platform: NodeJS.Platform = process.platform,
  netSession: () => void = () => execFileSync('net', ['session'], { stdio: 'ignore' }),
): boolean {
  if (platform !== 'win32') return false;
  try {
    netSession();
    return true;
  } catch {
    return false;
  }
}
