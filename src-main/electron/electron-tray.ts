import { Menu, nativeImage, Tray } from 'electron';
import type { MenuItem } from 'electron';
import type { HostSettings } from '../../src-shared/host-api/settings.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import { trayIconPath } from './tray-icons.js';
import type { TrayAction } from './tray-menu.js';
import { trayMenuModel } from './tray-menu.js';
import { trayMenuTemplate } from './tray-menu-template.js';
import { trayViewOf } from './tray-state.js';
import type { TrayState } from './tray-state.js';

export interface ElectronTrayOptions {
  iconsDir: string;
  platform: NodeJS.Platform;
  /** Carries out a menu action; the tray redraws its menu once the returned promise settles. */
  onAction: (action: TrayAction) => Promise<void> | void;
  /** The settings the menu shows (start at login), read at each redraw. */
  settings: () => HostSettings;
  now: () => number;
}

/** The tray icon: icon, tooltip and menu redrawn from each snapshot, only where they changed. */
export class ElectronTray {
  private readonly tray: Tray;
  private shownState: TrayState | null = null;
  private shownTooltip = '';
  private shownMenu = '';
  private snapshot: HostSnapshot | null = null;
  private menu: Menu | null = null;

  constructor(private readonly options: ElectronTrayOptions) {
    this.tray = new Tray(this.icon('connecting'));
    // macOS pops the context menu on a click; a click handler there would open the window at the
    // same moment, so there the menu's "Open" item opens it. Windows users expect a left click to
    // open the app; on Linux Electron emits `click` for the StatusNotifierItem's activation.
    if (options.platform !== 'darwin') {
      this.tray.on('click', () => void this.run({ type: 'open-window', view: 'status' }));
    }
  }

  update(snapshot: HostSnapshot): void {
    this.snapshot = snapshot;
    const view = trayViewOf(snapshot, this.options.now());
    if (view.state !== this.shownState) {
      this.tray.setImage(this.icon(view.state));
      this.shownState = view.state;
    }
    if (view.tooltip !== this.shownTooltip) {
      this.tray.setToolTip(view.tooltip);
      this.shownTooltip = view.tooltip;
    }
    const model = trayMenuModel(snapshot, this.options.settings(), view);
    const key = JSON.stringify(model);
    if (key !== this.shownMenu) {
      const template = trayMenuTemplate(model, (action) => void this.run(action));
      this.menu = Menu.buildFromTemplate(template);
      this.tray.setContextMenu(this.menu);
      this.shownMenu = key;
    }
  }

  /** The tooltip shown now (the desktop tests read it in the main process). */
  tooltip(): string {
    return this.shownTooltip;
  }

  /** The menu's items as Electron holds them (the desktop tests click them in the main process). */
  menuItems(): MenuItem[] {
    return this.menu?.items ?? [];
  }

  destroy(): void {
    this.tray.destroy();
  }

  /**
   * Electron flips a checkbox item itself when it is clicked, before the action has run: the menu is
   * rebuilt once the action settles, so it shows the setting as it is after a success or a refusal.
   */
  private async run(action: TrayAction): Promise<void> {
    try {
      await this.options.onAction(action);
    } finally {
      if (action.type === 'set-start-at-login' && this.snapshot !== null) {
        this.shownMenu = '';
        this.update(this.snapshot);
      }
    }
  }

  private icon(state: TrayState) {
    const image = nativeImage.createFromPath(
      trayIconPath(this.options.iconsDir, state, this.options.platform),
    );
    if (this.options.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
