import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSecretName } from './secret-store.js';
import type { SecretStore } from './secret-store.js';

/**
 * Each secret in its own file `<dir>/<name>`, mode 0600 in a 0700 folder: the headless host's store,
 * where no keyring is available. Written to a temp file first and renamed, so a crash never leaves a
 * half-written secret.
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
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')
        return null;
      throw error;
    }
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const target = join(this.dir, name);
    const temp = `${target}.${process.pid}.tmp`;
    // 'wx' + mode sets 0600 at creation, so the secret is never readable by others, not even briefly.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(value, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async delete(name: string): Promise<void> {
    assertSecretName(name);
    await rm(join(this.dir, name), { force: true });
  }
}
