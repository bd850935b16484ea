import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, secretsBackendOf } from './safe-storage-secret-store.js';
import type { SafeStorageLike } from './safe-storage-secret-store.js';

/** A stand-in for safeStorage (Electron cannot run here): reversible, and visibly not plaintext. */
function fakeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
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

describe('secretsBackendOf', () => {
  it('reports basic_text on Linux without a keyring, so the snapshot can warn', () => {
    expect(secretsBackendOf('linux', fakeStorage('basic_text'))).toBe('basic_text');
    expect(secretsBackendOf('linux', fakeStorage('gnome_libsecret'))).toBe('safe_storage');
    expect(secretsBackendOf('linux', fakeStorage('kwallet6'))).toBe('safe_storage');
  });

  it('trusts the Keychain and DPAPI on macOS and Windows', () => {
    expect(secretsBackendOf('darwin', fakeStorage('unknown'))).toBe('safe_storage');
    expect(secretsBackendOf('win32', fakeStorage('unknown'))).toBe('safe_storage');
  });

  it('refuses to run without encryption, saying why per OS', () => {
    expect(() => secretsBackendOf('win32', fakeStorage('unknown', false))).toThrow(/keychain refused/);
    expect(() => secretsBackendOf('darwin', fakeStorage('unknown', false))).toThrow(/keychain refused/);
    expect(() => secretsBackendOf('linux', fakeStorage('unknown', false))).toThrow(/after the app is ready/);
  });
});

describe('SafeStorageSecretStore', () => {
  it('round-trips a secret stored encrypted in a 0600 file', async () => {
    const store = new SafeStorageSecretStore(join(dir, 'secrets'), fakeStorage(), 'linux');
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
    const store = new SafeStorageSecretStore(dir, fakeStorage(), 'darwin');
    await store.set('agent-key', 'x');
    const broken = new SafeStorageSecretStore(
      dir,
      {
        ...fakeStorage(),
        decryptString: () => {
          throw new Error('keychain changed');
        },
      },
      'darwin',
    );
    await expect(broken.get('agent-key')).rejects.toThrow(/cannot be decrypted/);
  });

  it('refuses bad secret names before touching the disk', async () => {
    const store = new SafeStorageSecretStore(dir, fakeStorage(), 'linux');
    await expect(store.set('../escape', 'x')).rejects.toThrow(/bad secret name/);
    expect(await readdir(dir)).toEqual([]);
  });
});
