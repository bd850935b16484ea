import { z } from 'zod';
import { ApiTimestamp } from '../time.js';
import { pageLimit, PageCursor } from './page-query.js';

/**
 * What an API key may do. Every operator route needs one scope (its row in /openapi.json names it);
 * `admin` grants every scope, and only `admin` manages keys. A write scope does not include its
 * read scope: a key gets exactly what it lists.
 */
export const API_SCOPES = [
  'agents:read',
  'agents:write',
  'jobs:read',
  'jobs:write',
  'releases:write',
  'audit:read',
  'metrics:read',
  'admin',
] as const;

export const ApiScope = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScope>;

export function scopeGrants(held: readonly ApiScope[], needed: ApiScope): boolean {
  return held.includes('admin') || held.includes(needed);
}

export const API_KEY_LIMITS = { nameMax: 100, listDefault: 50, listMax: 200 } as const;

export const ApiKeyName = z
  .string()
  .min(1, { error: 'must not be empty', abort: true })
  .regex(/\S/, 'must not be blank')
  .max(API_KEY_LIMITS.nameMax, `must be at most ${API_KEY_LIMITS.nameMax} characters`);

export const CreateApiKeyBody = z.strictObject({
  name: ApiKeyName.describe('Who or what holds the key (shown in the list and the audit trail).'),
  scopes: z
    .array(ApiScope)
    .min(1, 'must name at least one scope')
    .max(API_SCOPES.length, `must hold at most ${API_SCOPES.length} scopes`)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** Any text: an id that is not one of ours is simply a key that does not exist (404). */
export const ApiKeyIdParams = z.object({ id: z.string().describe('The key id, key_…') });

export const ListApiKeysQuery = z.object({
  limit: pageLimit(API_KEY_LIMITS.listMax),
  cursor: PageCursor,
});
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuery>;

/** A key as listed: never its secret, which only its creation answer carries. */
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ApiScope),
  created_at: ApiTimestamp,
  last_used_at: ApiTimestamp.nullable().describe(
    'Null until the key is first used. Recorded at most once a minute per replica.',
  ),
  revoked_at: ApiTimestamp.nullable().describe('Null while the key works.'),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({
  key: z.string().describe('Shown once: only its hash is stored. Send it as Authorization: Bearer …'),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
