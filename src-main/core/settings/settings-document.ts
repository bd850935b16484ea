import { DEFAULT_HOST_SETTINGS, HostSettings } from '../../../src-shared/host-api/settings.js';

/** Version of the stored settings document; bump it and append a migration when the schema changes. */
export const SETTINGS_SCHEMA_VERSION = 1;

/** One step from the document shape of version `from` to `from + 1`. */
export interface SettingsMigration {
  from: number;
  migrate(settings: Record<string, unknown>): Record<string, unknown>;
}

export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [
  {
    // Version 0 is a document without a version: hand-written, or from before settings were
    // versioned. Its fields are taken as they are; the repair step below vets each one.
    from: 0,
    migrate: (settings) => settings,
  },
];

export interface LoadedSettings {
  settings: HostSettings;
  /** Plain-words notes about what was migrated or reset, for the host log. */
  notes: string[];
}

/**
 * Brings a stored document up to the current schema: runs the migrations in order, then keeps each
 * valid field, resets each invalid one to its default (saying which), and drops unknown ones. A
 * broken settings file thus never stops the host, and never silently loses the valid parts.
 */
export function loadSettingsDocument(
  stored: unknown,
  migrations: readonly SettingsMigration[] = SETTINGS_MIGRATIONS,
  targetVersion = SETTINGS_SCHEMA_VERSION,
): LoadedSettings {
  const notes: string[] = [];
  const document = isRecord(stored) ? stored : {};
  let version = typeof document.schemaVersion === 'number' ? document.schemaVersion : 0;
  let settings = isRecord(document.settings) ? document.settings : {};
  if (version > targetVersion) {
    notes.push(`settings were written by a newer version (schema ${version}); unknown fields are ignored`);
  }
  // Nothing stored yet (first start): defaults, with nothing to report.
  if (Object.keys(document).length === 0)
    return { settings: HostSettings.parse(DEFAULT_HOST_SETTINGS), notes };
  for (const migration of [...migrations].sort((a, b) => a.from - b.from)) {
    if (migration.from !== version || version >= targetVersion) continue;
    settings = migration.migrate(settings);
    version += 1;
    notes.push(`settings migrated to schema ${version}`);
  }
  const repaired: Record<string, unknown> = { ...DEFAULT_HOST_SETTINGS };
  for (const [key, fieldSchema] of Object.entries(HostSettings.shape)) {
    if (!(key in settings)) continue;
    const value =
      key === 'notifications' && isRecord(settings[key])
        ? { ...DEFAULT_HOST_SETTINGS.notifications, ...settings[key] }
        : settings[key];
    const parsed = fieldSchema.safeParse(value);
    if (parsed.success) repaired[key] = parsed.data;
    else notes.push(`setting ${key} was invalid and is back to its default`);
  }
  return { settings: HostSettings.parse(repaired), notes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
