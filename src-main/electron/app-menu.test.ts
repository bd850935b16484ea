// Pure: the plan names Electron menu roles; no Electron runtime is needed (or mocked) to check it.
import { describe, expect, it } from 'vitest';
import { appMenuPlan } from './app-menu.js';

/** Roles that reload the page or open DevTools, directly or through Electron's View menu. */
const DEVELOPER_ROLES = ['viewMenu', 'reload', 'forceReload', 'toggleDevTools'];

function roles(plan: ReturnType<typeof appMenuPlan>): string[] {
  if (plan.kind !== 'template') return [];
  return plan.template.flatMap((item) => {
    const sub = Array.isArray(item.submenu) ? item.submenu : [];
    return [item.role ?? '', ...sub.map((entry) => ('role' in entry ? (entry.role ?? '') : ''))];
  });
}

describe('appMenuPlan', () => {
  it.each(['win32', 'linux'] as const)(
    'an installed app on %s has no menu (no Reload, no DevTools)',
    (platform) => {
      expect(appMenuPlan(platform, true)).toEqual({ kind: 'none' });
    },
  );

  it('an installed app on macOS keeps Edit (for Cmd+C/V) and drops View', () => {
    const plan = appMenuPlan('darwin', true);
    expect(roles(plan)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
    expect(roles(plan).filter((role) => DEVELOPER_ROLES.includes(role))).toEqual([]);
  });

  it.each(['win32', 'linux', 'darwin'] as const)(
    'a development run on %s keeps Electron’s menu',
    (platform) => {
      expect(appMenuPlan(platform, false)).toEqual({ kind: 'electron-default' });
    },
  );
});
