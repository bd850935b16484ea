import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../../../src-node/files/durable-file.js';
import { readIfPresent } from '../../../src-node/files/read-if-present.js';
import { assertSecretName } from './secret-store.js';
import type { SecretStore } from './secret-store.js';

/**
 * Each secret in its own file `<dir>/<name>`, mode 0600 in a 0700 folder: the headless host's store,
 * where no keyring is available. Written durably, so a crash never leaves a half-written secret.
 */
export class FileSecretStore implements SecretStore {
  readonly backend = 'file' as const;

  /** `warning`: why this store is used where a keyring was expected (the desktop's fallback). */
  constructor(
    private readonly dir: string,
    readonly warning: string | null = null,
  ) {}

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    return readIfPresent(join(this.dir, name));
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    writeFileDurably(join(this.dir, name), value);
  }

  async delete(name: string): Promise<void> {
    assertSecretName(name);
    await rm(join(this.dir, name), { force: true });
  }
}
