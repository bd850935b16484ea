import { describe, expect, it } from 'vitest';
import { exposeTestHooks, TEST_HOOKS_ENV, TEST_HOOKS_GLOBAL } from './test-hooks.js';
import type { DesktopTestHooks } from './test-hooks.js';

const hooks: DesktopTestHooks = {
  trayTooltip: () => '',
  trayMenu: () => [],
  clickTrayItem: () => undefined,
  secretsBackend: () => 'file',
  workerPid: () => null,
};

describe('exposeTestHooks', () => {
  it('exposes nothing in a normal run', () => {
    for (const env of [{}, { [TEST_HOOKS_ENV]: '' }, { [TEST_HOOKS_ENV]: 'true' }]) {
      const target: Record<string, unknown> = {};
      expect(exposeTestHooks(env, target, hooks)).toBe(false);
      expect(target).toEqual({});
    }
  });

  it('exposes the hooks on the main process global only when the desktop tests ask', () => {
    const target: Record<string, unknown> = {};
    expect(exposeTestHooks({ [TEST_HOOKS_ENV]: '1' }, target, hooks)).toBe(true);
    expect(target[TEST_HOOKS_GLOBAL]).toBe(hooks);
  });
});
