import { JsonPolicySource } from './json-policy-source.js';
import { ManagedPreferencesPolicySource } from './managed-preferences-policy-source.js';
import type { PolicySource } from './policy-source.js';
import { RegistryPolicySource, type CommandOutput } from './registry-policy-source.js';

export const LINUX_POLICY_FILE = '/etc/planasonix-agent/policy.json';

export interface PolicySourceInput {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Runs a command and captures its output (for `reg query`). */
  run: (command: string, args: string[]) => Promise<CommandOutput>;
}

/**
 * Where this OS's management tools leave policy. `PLANASONIX_POLICY_FILE` names a JSON file
 * instead, on any OS (tests, containers, a quick trial without a management tool).
 */
export function policySourceFor({ platform, env, run }: PolicySourceInput): PolicySource {
  const override = env.PLANASONIX_POLICY_FILE?.trim();
  if (override) return new JsonPolicySource(override);
  if (platform === 'win32') return new RegistryPolicySource(run);
  if (platform === 'darwin') return new ManagedPreferencesPolicySource();
  return new JsonPolicySource(LINUX_POLICY_FILE);
}
