import type { SecretsBackend } from '../../../src-shared/host-api/snapshot.js';

/** Named secrets of the host (e.g. the loopback UI token): safeStorage in the shell, a 0600 file headless. */
export interface SecretStore {
  readonly backend: SecretsBackend;
  /** Plain words for the UI and diagnostics when this store protects secrets less than it should. */
  readonly warning: string | null;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export const SECRET_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

export function assertSecretName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name))
    throw new Error(`bad secret name "${name}": lowercase letters, digits, dashes`);
}

/** Plain words for the UI and diagnostics when secrets are stored weakly. */
export function secretsWarning(backend: SecretsBackend): string | null {
  if (backend === 'basic_text') {
    return 'No system keyring was found, so secrets are only obfuscated on disk, not encrypted. Install and unlock a keyring (GNOME Keyring or KWallet) to protect them.';
  }
  return null;
}
