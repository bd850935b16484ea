// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: Tray, Menu and nativeImage record what the adapter asks of them.
import { describe, expect, it, vi } from 'vitest';
import { applySettingsPatch, DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import type { HostSettings } from '../../src-shared/host-api/settings.js';
import { connectedSnapshot } from '../../tests/helpers/host-snapshot.js';
import { ElectronTray } from './electron-tray.js';
import type { TrayAction } from './tray-menu.js';

interface FakeItem {
  label?: string;
  type?: string;
  checked?: boolean;
  click?: () => void;
}

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeTray extends EventEmitter {
    static last: FakeTray | null = null;
    images: string[] = [];
    tooltips: string[] = [];
    menus: FakeItem[][] = [];
    constructor(image: { path: string }) {
      super();
      this.images.push(image.path);
      FakeTray.last = this;
    }
    setImage(image: { path: string }) {
      this.images.push(image.path);
    }
    setToolTip(text: string) {
      this.tooltips.push(text);
    }
    setContextMenu(menu: { template: FakeItem[] }) {
      this.menus.push(menu.template);
    }
    destroy() {}
  }
  return { FakeTray };
});
vi.mock('electron', () => ({
  Tray: fake.FakeTray,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
  nativeImage: {
    createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined }),
  },
}));

function setup(
  platform: NodeJS.Platform = 'linux',
  onAction: (action: TrayAction, settings: { value: HostSettings }) => Promise<void> | void = () => undefined,
) {
  const actions: TrayAction[] = [];
  const settings = { value: DEFAULT_HOST_SETTINGS };
  const tray = new ElectronTray({
    iconsDir: '/app/dist/icons',
    platform,
    onAction: (action) => {
      actions.push(action);
      return onAction(action, settings);
    },
    settings: () => settings.value,
    now: () => 0,
  });
  return { tray, actions, settings, fakeTray: fake.FakeTray.last! };
}

const item = (menu: FakeItem[] | undefined, label: string) => menu?.find((entry) => entry.label === label);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ElectronTray', () => {
  it('shows the icon and tooltip of each state, redrawing only what changed', () => {
    const { tray, fakeTray } = setup();
    tray.update(connectedSnapshot());
    tray.update(connectedSnapshot());
    tray.update(connectedSnapshot({ worker: { activeJobs: 1 } }));
    expect(fakeTray.images).toEqual([
      '/app/dist/icons/tray/linux/connecting-22.png',
      '/app/dist/icons/tray/linux/connected-idle-22.png',
      '/app/dist/icons/tray/linux/busy-22.png',
    ]);
    expect(fakeTray.tooltips).toEqual([
      'Planasonix Agent: Connected, idle',
      'Planasonix Agent: Busy: 1 of 4 job slots in use',
    ]);
    expect(tray.tooltip()).toBe('Planasonix Agent: Busy: 1 of 4 job slots in use');
    expect(fakeTray.menus).toHaveLength(2);
    expect(fakeTray.menus[1]?.[0]?.label).toBe('Busy: 1 of 4 job slots in use');
  });

  it.each(['win32', 'linux'] as const)(
    'on %s turns menu clicks and a tray click into actions',
    (platform) => {
      const { tray, fakeTray, actions } = setup(platform);
      tray.update(connectedSnapshot({ paused: true }));
      item(fakeTray.menus[0], 'Resume')?.click?.();
      fakeTray.emit('click');
      expect(actions).toEqual([{ type: 'resume' }, { type: 'open-window', view: 'status' }]);
    },
  );

  it('uses the Windows icon file', () => {
    const { tray, fakeTray } = setup('win32');
    tray.update(connectedSnapshot({ paused: true }));
    expect(fakeTray.images.at(-1)).toBe('/app/dist/icons/tray/windows/paused.ico');
  });

  it('on macOS a tray click only pops the menu: no window opens with it; the menu’s Open does', () => {
    const { tray, fakeTray, actions } = setup('darwin');
    tray.update(connectedSnapshot());
    expect(fakeTray.listenerCount('click')).toBe(0);
    fakeTray.emit('click');
    expect(actions).toEqual([]);
    item(fakeTray.menus[0], 'Open Planasonix Agent')?.click?.();
    expect(actions).toEqual([{ type: 'open-window', view: 'status' }]);
  });

  it('redraws Start at Login from the setting after a refused change (Electron flipped the item)', async () => {
    const { tray, fakeTray } = setup('linux', () => Promise.resolve());
    tray.update(connectedSnapshot());
    const before = fakeTray.menus.length;
    const checkbox = item(fakeTray.menus.at(-1), 'Start at Login');
    expect(checkbox?.checked).toBe(true);
    checkbox!.checked = false; // what Electron does to the item on click
    checkbox?.click?.();
    await flush();
    expect(fakeTray.menus.length).toBe(before + 1);
    expect(item(fakeTray.menus.at(-1), 'Start at Login')?.checked).toBe(true);
  });

  it('redraws Start at Login as changed after a successful change', async () => {
    const { tray, fakeTray } = setup('win32', (action, settings) => {
      if (action.type === 'set-start-at-login') {
        settings.value = applySettingsPatch(settings.value, { startAtLogin: action.enabled });
      }
    });
    tray.update(connectedSnapshot());
    item(fakeTray.menus.at(-1), 'Start at Login')?.click?.();
    await flush();
    expect(item(fakeTray.menus.at(-1), 'Start at Login')?.checked).toBe(false);
  });
});
