import type { HostSettings, HostSettingsPatch } from '../../../src-shared/host-api/settings.js';

/** Where host settings live: `conf` headless, electron-store in the shell; same schema either way. */
export interface SettingsStore {
  get(): HostSettings;
  /** Applies a validated patch, saves, and returns the new settings. */
  update(patch: HostSettingsPatch): HostSettings;
}
