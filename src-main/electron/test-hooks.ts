/**
 * The desktop tests (tests/electron, Playwright's Electron support) read the tray in the main process
 * and click its menu items there, as a user's click would. They set this variable; without it
 * nothing is exposed.
 */
export const TEST_HOOKS_ENV = 'PLANASONIX_DESKTOP_TEST_HOOKS';
export const TEST_HOOKS_GLOBAL = 'planasonixDesktopTest';

export interface TrayItemView {
  label: string;
  enabled: boolean;
  checked: boolean;
}

export interface DesktopTestHooks {
  trayTooltip(): string;
  trayMenu(): TrayItemView[];
  /** Runs the item's click handler, as Electron does when the user picks it. */
  clickTrayItem(label: string): void;
  /** The secret store's backend, as the host snapshot reports it. */
  secretsBackend(): string;
  /** The worker's pid from its last `ready` message (null before the first). */
  workerPid(): number | null;
}

export function exposeTestHooks(
  env: Readonly<Record<string, string | undefined>>,
  target: Record<string, unknown>,
  hooks: DesktopTestHooks,
): boolean {
  if (env[TEST_HOOKS_ENV] !== '1') return false;
  target[TEST_HOOKS_GLOBAL] = hooks;
  return true;
}
