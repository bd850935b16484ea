import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The audit trail: one row per change (written in the change's own transaction) or refused
 * request. Ids are monotonic ULIDs, so id order is time order and pages are keyset scans on the id;
 * each filter has an index that keeps that order. `at` alone serves time ranges and retention.
 */
export const auditEvents: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', t.integer, (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('key_id', 'text')
      .addColumn('remote_address', 'text')
      .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    for (const column of ['action', 'target', 'key_id'] as const) {
      await db.schema
        .createIndex(`audit_events_${column}_id`)
        .on('audit_events')
        .columns([column, 'id'])
        .execute();
    }
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_events').execute();
  },
};
