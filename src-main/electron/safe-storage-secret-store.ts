import { join } from 'node:path';
import type { SecretsBackend } from '../../src-shared/host-api/snapshot.js';
import { assertSecretName, secretsWarning } from '../core/secrets/secret-store.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';

/** The part of Electron's `safeStorage` the desktop uses (injected, so it is tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
  /** A no-op on Windows and macOS (Electron 45). */
  setUsePlainTextEncryption(usePlainText: boolean): void;
}

/** Under the host's data folder: safeStorage's ciphertexts, and the fallback's files kept apart. */
export const SECRETS_FOLDER = 'secrets';
export const FILE_FALLBACK_FOLDER = 'secrets-file';

/** What the UI and diagnostics say when the OS refused to encrypt and secrets went to 0600 files. */
export function fileFallbackWarning(platform: NodeJS.Platform): string {
  const keyring =
    platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows (DPAPI)' : 'the keyring';
  return `Secrets cannot be encrypted here (${keyring} refused), so they are kept unencrypted in files only your user account can read. Fix the keyring and restart the app to encrypt them.`;
}

/**
 * The desktop's secret store, chosen once the app is ready. It never refuses to start:
 * - Linux with no usable secret service selects `basic_text`, for which Electron's
 *   `isEncryptionAvailable()` stays false until `setUsePlainTextEncryption(true)`; that is turned
 *   on here and reported as `basic_text` (a fixed, public key: obfuscation only).
 * - Anywhere encryption is still unavailable (a locked or broken keyring, a refused Keychain),
 *   secrets go to 0600 files and the store's warning says so.
 */
export function openDesktopSecretStore(
  dataDir: string,
  storage: SafeStorageLike,
  platform: NodeJS.Platform,
): SecretStore {
  const basicText = platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text';
  if (basicText) storage.setUsePlainTextEncryption(true);
  if (!storage.isEncryptionAvailable()) {
    return new FileSecretStore(join(dataDir, FILE_FALLBACK_FOLDER), fileFallbackWarning(platform));
  }
  return new SafeStorageSecretStore(
    join(dataDir, SECRETS_FOLDER),
    storage,
    basicText ? 'basic_text' : 'safe_storage',
  );
}

/**
 * Each secret encrypted by safeStorage, kept (base64) by the headless store's 0600-file machinery, so
 * the file handling (atomic, 0600 in a 0700 folder) exists once.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly warning: string | null;
  private readonly files: FileSecretStore;

  constructor(
    dir: string,
    private readonly storage: SafeStorageLike,
    readonly backend: Extract<SecretsBackend, 'safe_storage' | 'basic_text'>,
  ) {
    this.warning = secretsWarning(backend);
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
