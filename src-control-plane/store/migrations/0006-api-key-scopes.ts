import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * API keys get scopes, a last use and a revocation time. Keys made before scopes existed could do
 * everything, so they keep doing so: `admin`.
 */
export const apiKeyScopes: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .alterTable('api_keys')
      .addColumn('scopes_json', 'text', (c) => c.notNull().defaultTo(sql`'["admin"]'`))
      .execute();
    await db.schema.alterTable('api_keys').addColumn('last_used_at', t.integer).execute();
    await db.schema.alterTable('api_keys').addColumn('revoked_at', t.integer).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('api_keys').dropColumn('revoked_at').execute();
    await db.schema.alterTable('api_keys').dropColumn('last_used_at').execute();
    await db.schema.alterTable('api_keys').dropColumn('scopes_json').execute();
  },
};
