import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Several replicas on one database. Each agent row names the replica holding its session,
 * the session's id and an epoch that every new session raises, so the newest session wins across
 * replicas and a replica learns on its next heartbeat write that its session was taken. `replicas`
 * holds each running replica's liveness, which the elected sweeper reads to mark the agents of a gone
 * replica disconnected, and whether a replica started after a full outage (leases then get a grace).
 */
export const clusterSessions: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema.alterTable('agents').addColumn('session_replica_id', 'text').execute();
    await db.schema.alterTable('agents').addColumn('session_id', 'text').execute();
    await db.schema.alterTable('agents').addColumn('session_epoch', t.integer).execute();
    await db.schema
      .createTable('replicas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', t.integer, (c) => c.notNull())
      .addColumn('last_seen', t.integer, (c) => c.notNull())
      .addColumn('grace_owed', t.integer, (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('replicas').execute();
    await db.schema.alterTable('agents').dropColumn('session_epoch').execute();
    await db.schema.alterTable('agents').dropColumn('session_id').execute();
    await db.schema.alterTable('agents').dropColumn('session_replica_id').execute();
  },
};
