import { readFile } from 'node:fs/promises';
import { parseBuffer } from 'bplist-parser';
import plist from 'plist';
import { errorCode, errorMessage } from '../../../src-node/error-message.js';
import type { PolicyRead, PolicySource } from './policy-source.js';

/** macOS: where a configuration profile's settings for our domain land (machine-wide). */
export const MANAGED_PREFERENCES_PATH = '/Library/Managed Preferences/com.planasonix.agent.plist';

const BINARY_PLIST_MAGIC = 'bplist00';

/**
 * macOS managed preferences for `com.planasonix.agent`: a property list, binary (as macOS writes it)
 * or XML (as an admin may), whose top-level dictionary holds the policy keys. A missing file is no
 * policy.
 */
export class ManagedPreferencesPolicySource implements PolicySource {
  constructor(private readonly path = MANAGED_PREFERENCES_PATH) {}

  async read(): Promise<PolicyRead> {
    const empty = { source: this.path, entries: {}, problems: [] };
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return empty;
      return {
        ...empty,
        problems: [`managed preferences ${this.path} cannot be read: ${errorMessage(error)}`],
      };
    }
    let top: unknown;
    try {
      top =
        bytes.subarray(0, BINARY_PLIST_MAGIC.length).toString('latin1') === BINARY_PLIST_MAGIC
          ? parseBuffer(bytes)[0]
          : plist.parse(bytes.toString('utf8'));
    } catch (error) {
      return {
        ...empty,
        problems: [`managed preferences ${this.path} are not a property list: ${errorMessage(error)}`],
      };
    }
    if (
      typeof top !== 'object' ||
      top === null ||
      Array.isArray(top) ||
      top instanceof Date ||
      Buffer.isBuffer(top)
    ) {
      return {
        ...empty,
        problems: [`managed preferences ${this.path} must hold a dictionary of policy keys`],
      };
    }
    return { ...empty, entries: top as Record<string, unknown> };
  }
}
