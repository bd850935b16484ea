import { POLICY_KEYS, type PolicyKey } from '../../../src-shared/host-api/policy.js';
import { errorMessage } from '../../../src-node/error-message.js';
import type { PolicyRead, PolicySource } from './policy-source.js';

export const POLICY_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Policies\\Planasonix\\Agent';

export interface CommandOutput {
  code: number | null;
  stdout: string;
}

/**
 * Windows: the values Group Policy or Intune wrote under `POLICY_REGISTRY_KEY`, read with
 * `reg query` (no native module in the app). A missing key is no policy.
 */
export class RegistryPolicySource implements PolicySource {
  constructor(private readonly run: (command: string, args: string[]) => Promise<CommandOutput>) {}

  async read(): Promise<PolicyRead> {
    const empty = { source: POLICY_REGISTRY_KEY, entries: {}, problems: [] };
    let output: CommandOutput;
    try {
      output = await this.run('reg', ['query', POLICY_REGISTRY_KEY]);
    } catch (error) {
      return { ...empty, problems: [`reg query could not run: ${errorMessage(error)}`] };
    }
    // reg exits 1 when the key does not exist: nothing was set.
    if (output.code === 1) return empty;
    if (output.code !== 0)
      return { ...empty, problems: [`reg query ${POLICY_REGISTRY_KEY} exited with ${output.code}`] };
    return { ...empty, ...parseRegQuery(output.stdout) };
  }
}

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * The values of `reg query <key>` output (subkeys are not policy and are ignored). DWORDs become
 * numbers, and 0/1 become false/true for a boolean key; multi-strings (shown `a\0b`) become lists.
 */
export function parseRegQuery(stdout: string): Pick<PolicyRead, 'entries' | 'problems'> {
  const entries: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = VALUE_LINE.exec(line);
    if (match === null) continue;
    const [, name = '', type = '', data = ''] = match;
    if (name === '(Default)') continue;
    switch (type) {
      case 'REG_SZ':
      case 'REG_EXPAND_SZ':
        entries[name] = data;
        break;
      case 'REG_MULTI_SZ':
        entries[name] = data === '' ? [] : data.split('\\0');
        break;
      case 'REG_DWORD':
      case 'REG_QWORD': {
        const number = Number.parseInt(data, 16);
        entries[name] = isBooleanKey(name) && (number === 0 || number === 1) ? number === 1 : number;
        break;
      }
      default:
        problems.push(`policy ${name} in ${POLICY_REGISTRY_KEY} skipped: ${type} is not a type policy reads`);
    }
  }
  return { entries, problems };
}

function isBooleanKey(name: string): boolean {
  return Object.hasOwn(POLICY_KEYS, name) && POLICY_KEYS[name as PolicyKey].kind === 'boolean';
}
