import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/** The seed API's tables, with the agent columns the agent session will fill. */
export const agentsAndApiKeys: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('agents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('tags_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('metadata_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('capabilities_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('enrollment_token_hash', 'text', (c) => c.unique())
      .addColumn('token_expires_at', t.integer)
      .addColumn('revoked_at', t.integer)
      .addColumn('revoke_reason', 'text')
      .addColumn('created_at', t.integer, (c) => c.notNull())
      .addColumn('updated_at', t.integer, (c) => c.notNull())
      .addColumn('public_key', 'text')
      .addColumn('version', 'text')
      .addColumn('hostname', 'text')
      .addColumn('last_seen_at', t.integer)
      .addColumn('connected_since', t.integer)
      .addColumn('remote_ip', 'text')
      .addColumn('heartbeat_at', t.integer)
      .addColumn('cpu_percent', t.real)
      .addColumn('memory_percent', t.real)
      .addColumn('disk_free_gb', t.real)
      .addColumn('active_jobs', t.integer)
      .addColumn('queue_depth', t.integer)
      .addColumn('last_error', 'text')
      .addCheckConstraint('agents_status_known', sql`status in ('pending', 'active', 'revoked')`)
      .execute();
    // The status filter walks this index in id order, so filtered pages stay keyset scans.
    await db.schema.createIndex('agents_status_id').on('agents').columns(['status', 'id']).execute();
    await db.schema.createIndex('agents_last_seen_at').on('agents').column('last_seen_at').execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', t.integer, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('api_keys').execute();
    await db.schema.dropTable('agents').execute();
  },
};
