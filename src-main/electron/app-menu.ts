import type { MenuItemConstructorOptions } from 'electron';

/** What the application menu becomes: Electron's default (development), none, or ours. */
export type AppMenuPlan =
  | { kind: 'electron-default' }
  | { kind: 'none' }
  | { kind: 'template'; template: MenuItemConstructorOptions[] };

/**
 * Electron's default menu has View → Reload and Toggle Developer Tools, reachable by their
 * accelerators even while the menu bar is hidden. An installed app must not offer them:
 * - Windows and Linux: no application menu at all (copy and paste keys work without one there).
 * - macOS: the menu bar always exists and Cmd+C/V/X/A work only through Edit menu roles, so the app
 *   menu, Edit and Window, without View.
 * Development keeps Electron's default, DevTools included.
 */
export function appMenuPlan(platform: NodeJS.Platform, isPackaged: boolean): AppMenuPlan {
  if (!isPackaged) return { kind: 'electron-default' };
  if (platform !== 'darwin') return { kind: 'none' };
  return {
    kind: 'template',
    template: [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }],
  };
}
