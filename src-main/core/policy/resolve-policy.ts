import { POLICY_KEYS, type PolicyKey, type PolicyView } from '../../../src-shared/host-api/policy.js';
import type { PolicyRead } from './policy-source.js';

/**
 * The effective policy from one read: each valid value kept with its source, each bad one (unknown
 * key, wrong type, out of range) skipped by itself with a warning. A warning names the key and what
 * was wrong, never the value, which may hold a proxy password.
 */
export function resolvePolicy(read: PolicyRead): PolicyView {
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const warnings = [...read.problems];
  for (const [key, raw] of Object.entries(read.entries)) {
    if (!Object.hasOwn(POLICY_KEYS, key)) {
      warnings.push(`unknown policy key "${key.slice(0, 64)}" in ${read.source}: skipped`);
      continue;
    }
    const parsed = POLICY_KEYS[key as PolicyKey].schema.safeParse(raw);
    if (!parsed.success) {
      const why = parsed.error.issues[0]?.message ?? 'not a valid value';
      warnings.push(`policy ${key} in ${read.source} skipped: ${why}`);
      continue;
    }
    values[key] = parsed.data;
    sources[key] = read.source;
  }
  return { values, sources, warnings };
}
