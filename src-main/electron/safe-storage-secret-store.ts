import type { SecretsBackend } from '../../src-shared/host-api/snapshot.js';
import { assertSecretName } from '../core/secrets/secret-store.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';

/** The part of Electron's `safeStorage` this store uses (injected, so it is tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * How strong safeStorage is here. On Linux without a keyring Electron falls back to `basic_text`
 * (a fixed, public key: obfuscation only); the snapshot then says so plainly. macOS (Keychain) and
 * Windows (DPAPI) have no such fallback: there encryption is either available or refused.
 */
export function secretsBackendOf(platform: NodeJS.Platform, storage: SafeStorageLike): SecretsBackend {
  if (!storage.isEncryptionAvailable()) {
    throw new Error(
      platform === 'linux'
        ? 'safeStorage is not available yet: create the secret store after the app is ready'
        : 'the system keychain refused to encrypt: secrets cannot be stored safely on this machine',
    );
  }
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return 'basic_text';
  return 'safe_storage';
}

/**
 * Each secret encrypted by safeStorage, kept (base64) by the headless store's 0600-file machinery, so
 * the file handling (atomic, 0600 in a 0700 folder) exists once.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly backend: SecretsBackend;
  private readonly files: FileSecretStore;

  constructor(
    dir: string,
    private readonly storage: SafeStorageLike,
    platform: NodeJS.Platform,
  ) {
    this.backend = secretsBackendOf(platform, storage);
    this.files = new FileSecretStore(dir);
  }

  async get(name: string): Promise<string | null> {
    const stored = await this.files.get(name);
    if (stored === null) return null;
    try {
      return this.storage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      throw new Error(`secret "${name}" cannot be decrypted (did the keyring change?): set it again`);
    }
  }

  async set(name: string, value: string): Promise<void> {
    // Checked before encrypting, so a bad name never reaches the keyring either.
    assertSecretName(name);
    await this.files.set(name, this.storage.encryptString(value).toString('base64'));
  }

  delete(name: string): Promise<void> {
    return this.files.delete(name);
  }
}
