import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MANAGED_CONFIG_FILE,
  MANAGED_TOKEN_PATH,
  parseManagedConfig,
  parseManagedToken,
} from '../../../src-shared/managed-config.js';
import { readIfPresent } from '../../../src-node/files/read-if-present.js';

/** What an installer left for this machine: enough to enroll without anyone at the keyboard. */
export interface InstallerEnrollmentInputs {
  apiHost: string | null;
  token: string;
}

/**
 * The installer's files in the machine config folder (`machineConfigDir`), as the host reads them at
 * start: the tray app enrolls with the token an IT admin's silent install left, then deletes it.
 */
export class InstallerEnrollmentFiles {
  constructor(readonly dir: string) {}

  private get tokenPath(): string {
    return join(this.dir, ...MANAGED_TOKEN_PATH);
  }

  /** Null when no token is waiting; an error naming the file when one is there but wrong. */
  async read(): Promise<InstallerEnrollmentInputs | null> {
    const rawToken = await readIfPresent(this.tokenPath);
    const token = rawToken === null ? null : parseManagedToken(rawToken, this.tokenPath);
    if (token === null) return null;
    const configPath = join(this.dir, MANAGED_CONFIG_FILE);
    const configText = await readIfPresent(configPath);
    const config = configText === null ? null : parseManagedConfig(configText, configPath);
    return { apiHost: config?.apiHost ?? null, token };
  }

  /** The token is spent (or can never work): no copy of it stays behind. */
  async removeToken(): Promise<void> {
    await rm(this.tokenPath, { force: true });
  }
}
