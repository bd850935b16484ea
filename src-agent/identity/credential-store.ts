import { chmod, mkdir, open, rename, rm, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where the agent's private key lives. The standalone agent and the headless host keep it in a 0600
 * file; the Electron host can supply one backed by `safeStorage` without the worker knowing.
 */
export interface CredentialStore {
  /** The PKCS8 PEM of the private key, or null if none is stored. */
  read(): Promise<string | null>;
  write(privateKeyPem: string): Promise<void>;
  /** Forget the key (revoked, deregistered, unenrolled). Wiping what is absent is fine. */
  wipe(): Promise<void>;
}

export const PRIVATE_KEY_FILE = 'agent-key.pem';

export class FileCredentialStore implements CredentialStore {
  constructor(private readonly path: string) {}

  static inDataDir(dataDir: string): FileCredentialStore {
    return new FileCredentialStore(join(dataDir, PRIVATE_KEY_FILE));
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Written to a temp file created 0600 and renamed, so no reader ever sees a wider mode or half a key. */
  async write(privateKeyPem: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(privateKeyPem, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only narrow the mode given to open(); chmod makes 0600 exact either way.
    await chmod(temp, 0o600);
    await rename(temp, this.path);
  }

  async wipe(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
