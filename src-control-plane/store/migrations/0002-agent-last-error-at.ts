import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * When the agent's reported `last_error` last changed to what it is now, so the health rule can tell
 * a recent error from one the agent has simply kept reporting since.
 */
export const agentLastErrorAt: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema.alterTable('agents').addColumn('last_error_at', t.integer).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').dropColumn('last_error_at').execute();
  },
};
