import ElectronStore from 'electron-store';
import { DocumentSettingsStore } from '../core/settings/document-settings-store.js';
import type { StoredSettingsDocument } from '../core/settings/document-settings-store.js';

/**
 * Host settings through electron-store in the desktop app: the same versioned document, migrations
 * and repair as the headless `conf` store, in the same `<dir>/settings.json` (0600).
 */
export class ElectronStoreSettings extends DocumentSettingsStore {
  constructor(dir: string) {
    super(new ElectronStore<StoredSettingsDocument>({ cwd: dir, name: 'settings', configFileMode: 0o600 }));
  }
}
