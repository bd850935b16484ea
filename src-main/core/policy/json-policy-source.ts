import { readFile } from 'node:fs/promises';
import { errorCode, errorMessage } from '../../../src-node/error-message.js';
import type { PolicyRead, PolicySource } from './policy-source.js';

/**
 * A JSON policy file: `/etc/planasonix-agent/policy.json` on Linux, or whatever
 * `PLANASONIX_POLICY_FILE` names on any OS. A missing file is no policy; a `$schema` entry is the
 * editor's, not a setting.
 */
export class JsonPolicySource implements PolicySource {
  constructor(private readonly path: string) {}

  async read(): Promise<PolicyRead> {
    const empty = { source: this.path, entries: {}, problems: [] };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return empty;
      return { ...empty, problems: [`policy file ${this.path} cannot be read: ${errorMessage(error)}`] };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ...empty, problems: [`policy file ${this.path} is not valid JSON: ${errorMessage(error)}`] };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ...empty, problems: [`policy file ${this.path} must hold a JSON object of policy keys`] };
    }
    const { $schema: _editorHint, ...entries } = parsed as Record<string, unknown>;
    return { ...empty, entries };
  }
}
