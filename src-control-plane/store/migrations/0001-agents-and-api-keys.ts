import { sql, type Kysely, type Migration } from 'kysely';

/** The seed API's tables, with the agent columns the agent session will fill. */
export const agentsAndApiKeys: Migration = {
  async up(db: Kysely<unknown>) {
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
      .addColumn('token_expires_at', 'integer')
      .addColumn('revoked_at', 'integer')
      .addColumn('revoke_reason', 'text')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .addColumn('public_key', 'text')
      .addColumn('version', 'text')
      .addColumn('hostname', 'text')
      .addColumn('last_seen_at', 'integer')
      .addColumn('connected_since', 'integer')
      .addColumn('remote_ip', 'text')
      .addColumn('heartbeat_at', 'integer')
      .addColumn('cpu_percent', 'real')
      .addColumn('memory_percent', 'real')
      .addColumn('disk_free_gb', 'real')
      .addColumn('active_jobs', 'integer')
      .addColumn('queue_depth', 'integer')
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
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('api_keys').execute();
    await db.schema.dropTable('agents').execute();
  },
};
