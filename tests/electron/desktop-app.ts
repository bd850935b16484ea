import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { TEST_HOOKS_ENV, TEST_HOOKS_GLOBAL } from '../../src-main/electron/test-hooks.js';
import type { DesktopTestHooks } from '../../src-main/electron/test-hooks.js';

/** What `npm run build:desktop` made: the main process bundle Electron starts. */
export const MAIN_SCRIPT = resolve('dist/main/index.js');

/** The binary scripts/test-electron.ts found (files only, never require('electron')). */
export function electronBinary(): string {
  const binary = process.env.PLANASONIX_ELECTRON_BINARY;
  if (binary === undefined || binary === '') {
    throw new Error('run the desktop tests with `npm run test:electron`, which finds the Electron binary');
  }
  return binary;
}

export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `planasonix-desktop-${prefix}-`));
}

/** One host: its data folder (Electron's user data inside) and an empty machine config folder. */
export interface DesktopProfile {
  dataDir: string;
  configDir: string;
}

export function freshProfile(): DesktopProfile {
  return { dataDir: freshDir('data'), configDir: freshDir('config') };
}

export function desktopEnv(profile: DesktopProfile): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return {
    ...env,
    PLANASONIX_DATA_DIR: profile.dataDir,
    // The runner's own /etc or ProgramData must not enroll the app behind the test's back.
    PLANASONIX_CONFIG_DIR: profile.configDir,
    [TEST_HOOKS_ENV]: '1',
  };
}

export interface Desktop {
  app: ElectronApplication;
  window: Page;
}

/** Starts the built app with this profile and waits for its window's page. */
export async function launchDesktop(profile: DesktopProfile): Promise<Desktop> {
  const app = await electron.launch({
    executablePath: electronBinary(),
    args: [MAIN_SCRIPT],
    env: desktopEnv(profile),
    timeout: 60_000,
  });
  const window = await app.firstWindow();
  return { app, window };
}

/** Calls one of the main process's test hooks (src-main/electron/test-hooks.ts). */
export function hook<K extends keyof DesktopTestHooks>(
  app: ElectronApplication,
  name: K,
  ...args: Parameters<DesktopTestHooks[K]>
): Promise<ReturnType<DesktopTestHooks[K]>> {
  return app.evaluate(
    (_electron, [global, method, params]) => {
      const hooks = (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
        global
      ];
      if (hooks === undefined) throw new Error('the app exposes no test hooks');
      return hooks[method]?.(...params) as ReturnType<DesktopTestHooks[K]>;
    },
    [TEST_HOOKS_GLOBAL, name, args] as [string, string, unknown[]],
  );
}

/** Launches a second copy with a planasonix:// link, as Windows and Linux do for a clicked link. */
export function launchSecondInstance(profile: DesktopProfile, link: string): Promise<number | null> {
  const child = spawn(electronBinary(), [MAIN_SCRIPT, link], { env: desktopEnv(profile), stdio: 'ignore' });
  return new Promise((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolveExit(code));
  });
}

/** Whether a process with this pid still exists (signal 0 only asks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
