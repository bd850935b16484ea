import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOST_SETTINGS } from '../../../src-shared/host-api/settings.js';
import { ConfSettingsStore } from './conf-settings-store.js';
import { loadSettingsDocument } from './settings-document.js';

describe('loadSettingsDocument', () => {
  it('runs each migration from the stored version up to the target, in order', () => {
    const migrations = [
      {
        from: 1,
        migrate: (s: Record<string, unknown>) => ({ ...s, logLevel: s.verbose === true ? 'debug' : 'info' }),
      },
      { from: 0, migrate: (s: Record<string, unknown>) => ({ ...s, verbose: s.chatty }) },
    ];
    const { settings, notes } = loadSettingsDocument({ settings: { chatty: true } }, migrations, 2);
    expect(settings.logLevel).toBe('debug');
    expect(notes).toEqual(['settings migrated to schema 1', 'settings migrated to schema 2']);
    expect(
      loadSettingsDocument({ schemaVersion: 1, settings: { verbose: false } }, migrations, 2).notes,
    ).toEqual(['settings migrated to schema 2']);
  });

  it('keeps valid fields, resets invalid ones by name, and drops unknown ones', () => {
    const { settings, notes } = loadSettingsDocument({
      schemaVersion: 1,
      settings: { logLevel: 'warn', logFilesKept: -4, notifications: { revoked: false }, colour: 'red' },
    });
    expect(settings).toEqual({
      ...DEFAULT_HOST_SETTINGS,
      logLevel: 'warn',
      notifications: { ...DEFAULT_HOST_SETTINGS.notifications, revoked: false },
    });
    expect(notes).toEqual(['setting logFilesKept was invalid and is back to its default']);
  });

  it('starts from defaults when there is nothing usable', () => {
    expect(loadSettingsDocument('garbage').settings).toEqual(DEFAULT_HOST_SETTINGS);
  });
});

describe('ConfSettingsStore', () => {
  let dir = '';
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('saves a versioned 0600 document and reads back what was set', async () => {
    dir = await mkdtemp(join(tmpdir(), 'settings-'));
    new ConfSettingsStore(dir).update({ quitGraceSeconds: 5, notifications: { jobFailed: false } });
    const path = join(dir, 'settings.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    const reopened = new ConfSettingsStore(dir).get();
    expect(reopened).toMatchObject({
      quitGraceSeconds: 5,
      notifications: { jobFailed: false, revoked: true },
    });
  });

  it('migrates an unversioned file on open', async () => {
    dir = await mkdtemp(join(tmpdir(), 'settings-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ settings: { logLevel: 'debug' } }));
    const store = new ConfSettingsStore(dir);
    expect(store.get().logLevel).toBe('debug');
    expect(store.loadNotes).toEqual(['settings migrated to schema 1']);
  });
});
