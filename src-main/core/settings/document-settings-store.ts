import { applySettingsPatch } from '../../../src-shared/host-api/settings.js';
import type { HostSettings, HostSettingsPatch } from '../../../src-shared/host-api/settings.js';
import { loadSettingsDocument, SETTINGS_SCHEMA_VERSION } from './settings-document.js';
import type { SettingsStore } from './settings-store.js';

export interface StoredSettingsDocument {
  schemaVersion: number;
  settings: HostSettings;
}

/** A persisted JSON document with a whole-object accessor: what `conf` and electron-store both offer. */
export interface DocumentBacking {
  get store(): unknown;
  set store(document: StoredSettingsDocument);
}

/**
 * Settings over any document backing: loads (migrating and repairing), saves back the current
 * version at once, and writes every update. `conf` headless and electron-store in the shell.
 */
export class DocumentSettingsStore implements SettingsStore {
  private current: HostSettings;
  /** What loading had to migrate or repair, for the caller to log. */
  readonly loadNotes: readonly string[];

  constructor(private readonly backing: DocumentBacking) {
    const { settings, notes } = loadSettingsDocument(backing.store);
    this.current = settings;
    this.loadNotes = notes;
    this.save();
  }

  get(): HostSettings {
    return this.current;
  }

  update(patch: HostSettingsPatch): HostSettings {
    this.current = applySettingsPatch(this.current, patch);
    this.save();
    return this.current;
  }

  private save(): void {
    this.backing.store = { schemaVersion: SETTINGS_SCHEMA_VERSION, settings: this.current };
  }
}
