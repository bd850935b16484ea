import Conf from 'conf';
import { DocumentSettingsStore } from './document-settings-store.js';
import type { StoredSettingsDocument } from './document-settings-store.js';

/** Settings in `<dir>/settings.json` (0600) through `conf`'s atomic writes: the headless host's store. */
export class ConfSettingsStore extends DocumentSettingsStore {
  constructor(dir: string) {
    super(new Conf<StoredSettingsDocument>({ cwd: dir, configName: 'settings', configFileMode: 0o600 }));
  }
}
