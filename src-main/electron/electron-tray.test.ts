// Electron's runtime cannot run here (its binary is not downloadable, see ENVIRONMENT.md), so
// `electron` is mocked: Tray, Menu and nativeImage record what the adapter asks of them.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import { connectedSnapshot } from '../../tests/helpers/host-snapshot.js';
import { ElectronTray } from './electron-tray.js';
import type { TrayAction } from './tray-menu.js';

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeTray extends EventEmitter {
    static last: FakeTray | null = null;
    images: string[] = [];
    tooltips: string[] = [];
    menus: { label?: string; click?: () => void }[][] = [];
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
    setContextMenu(menu: { template: { label?: string; click?: () => void }[] }) {
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

function setup(platform: NodeJS.Platform = 'linux') {
  const actions: TrayAction[] = [];
  const tray = new ElectronTray({ iconsDir: '/app/dist/icons', platform, onAction: (a) => actions.push(a) });
  return { tray, actions, fakeTray: fake.FakeTray.last! };
}

describe('ElectronTray', () => {
  it('shows the icon and tooltip of each state, redrawing only what changed', () => {
    const { tray, fakeTray } = setup();
    tray.update(connectedSnapshot(), DEFAULT_HOST_SETTINGS, 0);
    tray.update(connectedSnapshot(), DEFAULT_HOST_SETTINGS, 0);
    tray.update(connectedSnapshot({ worker: { activeJobs: 1 } }), DEFAULT_HOST_SETTINGS, 0);
    expect(fakeTray.images).toEqual([
      '/app/dist/icons/tray/linux/connecting-22.png',
      '/app/dist/icons/tray/linux/connected-idle-22.png',
      '/app/dist/icons/tray/linux/busy-22.png',
    ]);
    expect(fakeTray.tooltips).toEqual([
      'Planasonix Agent: Connected, idle',
      'Planasonix Agent: Busy: 1 of 4 job slots in use',
    ]);
    expect(fakeTray.menus).toHaveLength(2);
    expect(fakeTray.menus[1]?.[0]?.label).toBe('Busy: 1 of 4 job slots in use');
  });

  it('uses the Windows icon file, and turns menu clicks and a left click into actions', () => {
    const { tray, fakeTray, actions } = setup('win32');
    tray.update(connectedSnapshot({ paused: true }), DEFAULT_HOST_SETTINGS, 0);
    expect(fakeTray.images.at(-1)).toBe('/app/dist/icons/tray/windows/paused.ico');
    fakeTray.menus[0]?.find((item) => item.label === 'Resume')?.click?.();
    fakeTray.emit('click');
    expect(actions).toEqual([{ type: 'resume' }, { type: 'open-window', view: 'status' }]);
  });
});
