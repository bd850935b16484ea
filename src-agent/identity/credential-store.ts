import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileDurably } from '../../src-node/files/durable-file.js';
import { readIfPresent } from '../../src-node/files/read-if-present.js';

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

  read(): Promise<string | null> {
    return readIfPresent(this.path);
  }

  /** Owner-only and durable: no reader ever sees a wider mode or half a key. */
  async write(privateKeyPem: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileDurably(this.path, privateKeyPem);
  }

  async wipe(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
