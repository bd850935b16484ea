import type { DiagnosticsExport, DiagnosticsPreview } from '../../src-shared/host-api/diagnostics.js';
import type { HostSettings, HostSettingsPatch } from '../../src-shared/host-api/settings.js';
import { toUiError, type SliceApi, type UiError } from './slice-api.js';

export interface SettingsSlice {
  settings: HostSettings | null;
  settingsError: UiError | null;
  saving: boolean;
  saveError: UiError | null;
  savedAt: number | null;
  diagnostics: DiagnosticsPreview | null;
  diagnosticsLoading: boolean;
  diagnosticsError: UiError | null;
  loadSettings: () => Promise<void>;
  saveSettings: (patch: HostSettingsPatch) => Promise<boolean>;
  previewDiagnostics: () => Promise<void>;
  exportDiagnostics: () => Promise<DiagnosticsExport | null>;
}

export function createSettingsSlice(api: SliceApi<SettingsSlice>): SettingsSlice {
  const { set, client, now } = api;
  return {
    settings: null,
    settingsError: null,
    saving: false,
    saveError: null,
    savedAt: null,
    diagnostics: null,
    diagnosticsLoading: false,
    diagnosticsError: null,
    async loadSettings() {
      try {
        set({ settings: await client.getSettings(), settingsError: null });
      } catch (error) {
        set({ settingsError: toUiError(error) });
      }
    },
    async saveSettings(patch) {
      set({ saving: true, saveError: null });
      try {
        set({ settings: await client.updateSettings(patch), savedAt: now() });
        return true;
      } catch (error) {
        set({ saveError: toUiError(error) });
        return false;
      } finally {
        set({ saving: false });
      }
    },
    async previewDiagnostics() {
      set({ diagnosticsLoading: true, diagnosticsError: null });
      try {
        set({ diagnostics: await client.diagnosticsPreview() });
      } catch (error) {
        set({ diagnosticsError: toUiError(error) });
      } finally {
        set({ diagnosticsLoading: false });
      }
    },
    async exportDiagnostics() {
      set({ diagnosticsError: null });
      try {
        return await client.diagnosticsExport();
      } catch (error) {
        set({ diagnosticsError: toUiError(error) });
        return null;
      }
    },
  };
}
