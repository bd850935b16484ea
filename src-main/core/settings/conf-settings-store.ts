import Conf from 'conf';
import { applySettingsPatch } from '../../../src-shared/host-api/settings.js';
import type { HostSettings, HostSettingsPatch } from '../../../src-shared/host-api/settings.js';
import { loadSettingsDocument, SETTINGS_SCHEMA_VERSION } from './settings-document.js';
import type { SettingsStore } from './settings-store.js';

interface StoredDocument {
  schemaVersion: number;
  settings: HostSettings;
}

/** Settings in `<dir>/settings.json` through `conf` (atomic writes), for the headless host. */
export class ConfSettingsStore implements SettingsStore {
  private readonly conf: Conf<StoredDocument>;
  private current: HostSettings;
  /** What loading had to migrate or repair, for the caller to log. */
  readonly loadNotes: readonly string[];

  constructor(dir: string) {
    this.conf = new Conf<StoredDocument>({ cwd: dir, configName: 'settings', configFileMode: 0o600 });
    const { settings, notes } = loadSettingsDocument(this.conf.store);
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
    this.conf.store = { schemaVersion: SETTINGS_SCHEMA_VERSION, settings: this.current };
  }
}
