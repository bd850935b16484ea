import ElectronStore from 'electron-store';
import { applySettingsPatch } from '../../src-shared/host-api/settings.js';
import type { HostSettings, HostSettingsPatch } from '../../src-shared/host-api/settings.js';
import { loadSettingsDocument, SETTINGS_SCHEMA_VERSION } from '../core/settings/settings-document.js';
import type { SettingsStore } from '../core/settings/settings-store.js';

interface StoredDocument {
  schemaVersion: number;
  settings: HostSettings;
}

/**
 * Host settings through electron-store in the desktop app: the same versioned document, migrations
 * and repair as the headless `conf` store (core/settings), so either host reads the other's file.
 */
export class ElectronStoreSettings implements SettingsStore {
  private readonly store: ElectronStore<StoredDocument>;
  private current: HostSettings;
  readonly loadNotes: readonly string[];

  constructor(dir: string) {
    this.store = new ElectronStore<StoredDocument>({ cwd: dir, name: 'settings', configFileMode: 0o600 });
    const loaded = loadSettingsDocument(this.store.store);
    this.current = loaded.settings;
    this.loadNotes = loaded.notes;
    this.store.store = { schemaVersion: SETTINGS_SCHEMA_VERSION, settings: this.current };
  }

  get(): HostSettings {
    return this.current;
  }

  update(patch: HostSettingsPatch): HostSettings {
    this.current = applySettingsPatch(this.current, patch);
    this.store.store = { schemaVersion: SETTINGS_SCHEMA_VERSION, settings: this.current };
    return this.current;
  }
}
