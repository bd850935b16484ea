// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// safeStorage is a stand-in that behaves as Electron 45 documents it: on Linux the `basic_text`
// backend reports no encryption until setUsePlainTextEncryption(true) is called.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FILE_FALLBACK_FOLDER,
  SafeStorageSecretStore,
  openDesktopSecretStore,
} from './safe-storage-secret-store.js';
import type { SafeStorageLike } from './safe-storage-secret-store.js';

interface FakeStorage extends SafeStorageLike {
  plainTextCalls: boolean[];
}

/** Reversible, and visibly not plaintext. `keyring`: what encryption needs beyond plain text. */
function fakeStorage(backend = 'gnome_libsecret', keyring = true): FakeStorage {
  const plainTextCalls: boolean[] = [];
  let plainText = false;
  return {
    plainTextCalls,
    isEncryptionAvailable: () => (backend === 'basic_text' ? plainText : keyring),
    setUsePlainTextEncryption: (value) => {
      plainTextCalls.push(value);
      plainText = value;
    },
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
    decryptString: (blob) => {
      const text = blob.toString();
      if (!text.startsWith('enc:')) throw new Error('bad blob');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
    getSelectedStorageBackend: () => backend,
  };
}

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'safe-storage-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('openDesktopSecretStore', () => {
  it('on Linux without a secret service turns plain-text encryption on and says basic_text', async () => {
    const storage = fakeStorage('basic_text');
    const store = openDesktopSecretStore(dir, storage, 'linux');
    expect(storage.plainTextCalls).toEqual([true]);
    expect(store.backend).toBe('basic_text');
    expect(store.warning).toMatch(/only obfuscated/);
    await store.set('ui-token', 'v');
    expect(await store.get('ui-token')).toBe('v');
    expect(await readFile(join(dir, 'secrets', 'ui-token'), 'utf8')).not.toContain('v\n');
  });

  it('uses the keyring with no warning where encryption is available, on every OS', () => {
    for (const [platform, backend] of [
      ['linux', 'gnome_libsecret'],
      ['linux', 'kwallet6'],
      ['darwin', 'unknown'],
      ['win32', 'unknown'],
    ] as const) {
      const storage = fakeStorage(backend);
      const store = openDesktopSecretStore(dir, storage, platform);
      expect([platform, store.backend, store.warning]).toEqual([platform, 'safe_storage', null]);
      expect(storage.plainTextCalls).toEqual([]);
    }
  });

  it.each(['linux', 'darwin', 'win32'] as const)(
    'on %s with encryption refused keeps secrets in 0600 files and says so, instead of failing',
    async (platform) => {
      const store = openDesktopSecretStore(dir, fakeStorage('gnome_libsecret', false), platform);
      expect(store.backend).toBe('file');
      expect(store.warning).toMatch(/unencrypted in files only your user account can read/);
      await store.set('ui-token', 'plain-value');
      const path = join(dir, FILE_FALLBACK_FOLDER, 'ui-token');
      expect(await readFile(path, 'utf8')).toBe('plain-value');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir)).toEqual([FILE_FALLBACK_FOLDER]);
    },
  );
});

describe('SafeStorageSecretStore', () => {
  it('round-trips a secret stored encrypted in a 0600 file', async () => {
    const store = new SafeStorageSecretStore(join(dir, 'secrets'), fakeStorage(), 'safe_storage');
    await store.set('ui-token', 'top-secret-value');
    expect(await store.get('ui-token')).toBe('top-secret-value');
    const files = await readdir(join(dir, 'secrets'));
    expect(files).toEqual(['ui-token']);
    const path = join(dir, 'secrets', 'ui-token');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).not.toContain('top-secret-value');
    await store.delete('ui-token');
    expect(await store.get('ui-token')).toBeNull();
  });

  it('says plainly when a stored secret cannot be decrypted', async () => {
    const store = new SafeStorageSecretStore(dir, fakeStorage(), 'safe_storage');
    await store.set('agent-key', 'x');
    const broken = new SafeStorageSecretStore(
      dir,
      {
        ...fakeStorage(),
        decryptString: () => {
          throw new Error('keychain changed');
        },
      },
      'safe_storage',
    );
    await expect(broken.get('agent-key')).rejects.toThrow(/cannot be decrypted/);
  });

  it('refuses bad secret names before touching the disk', async () => {
    const store = new SafeStorageSecretStore(dir, fakeStorage(), 'safe_storage');
    await expect(store.set('../escape', 'x')).rejects.toThrow(/bad secret name/);
    expect(await readdir(dir)).toEqual([]);
  });
});
