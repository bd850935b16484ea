import { Menu, nativeImage, Tray } from 'electron';
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
  onAction: (action: TrayAction) => void;
}

/** The tray icon: icon, tooltip and menu redrawn from each snapshot, only where they changed. */
export class ElectronTray {
  private readonly tray: Tray;
  private shownState: TrayState | null = null;
  private shownTooltip = '';
  private shownMenu = '';

  constructor(private readonly options: ElectronTrayOptions) {
    this.tray = new Tray(this.icon('connecting'));
    // Windows and macOS users expect a left click to open the app; Linux trays only show the menu.
    this.tray.on('click', () => options.onAction({ type: 'open-window', view: 'status' }));
  }

  update(snapshot: HostSnapshot, settings: HostSettings, now: number): void {
    const view = trayViewOf(snapshot, now);
    if (view.state !== this.shownState) {
      this.tray.setImage(this.icon(view.state));
      this.shownState = view.state;
    }
    if (view.tooltip !== this.shownTooltip) {
      this.tray.setToolTip(view.tooltip);
      this.shownTooltip = view.tooltip;
    }
    const model = trayMenuModel(snapshot, settings, view);
    const key = JSON.stringify(model);
    if (key !== this.shownMenu) {
      this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, this.options.onAction)));
      this.shownMenu = key;
    }
  }

  destroy(): void {
    this.tray.destroy();
  }

  private icon(state: TrayState) {
    const image = nativeImage.createFromPath(
      trayIconPath(this.options.iconsDir, state, this.options.platform),
    );
    if (this.options.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
