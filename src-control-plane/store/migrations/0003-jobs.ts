import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Jobs: the job with its lease, the agent events committed once (idempotency by event
 * id), and the slots each agent advertises. Logs are files under the data folder, not rows.
 */
export const jobs: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('steps_json', 'text', (c) => c.notNull())
      .addColumn('target_agent_id', 'text')
      .addColumn('target_tags_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('target_capabilities_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('timeout_seconds', t.real)
      .addColumn('cancel_grace_seconds', t.real)
      .addColumn('agent_id', 'text')
      .addColumn('attempt', t.integer, (c) => c.notNull().defaultTo(1))
      .addColumn('epoch', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('assigned_at', t.integer)
      .addColumn('accept_deadline', t.integer)
      .addColumn('accepted_at', t.integer)
      .addColumn('lease_expires_at', t.integer)
      .addColumn('cancel_requested_at', t.integer)
      .addColumn('exit_code', t.integer)
      .addColumn('step_results_json', 'text')
      .addColumn('pending_result_json', 'text')
      .addColumn('log_sha256', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', t.integer, (c) => c.notNull())
      .addColumn('started_at', t.integer)
      .addColumn('finished_at', t.integer)
      .addColumn('updated_at', t.integer, (c) => c.notNull())
      .addCheckConstraint(
        'jobs_status_known',
        sql`status in ('queued', 'assigned', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'lost')`,
      )
      .execute();
    await db.schema.createIndex('jobs_status_id').on('jobs').columns(['status', 'id']).execute();
    await db.schema.createIndex('jobs_agent_id_id').on('jobs').columns(['agent_id', 'id']).execute();

    await db.schema
      .createTable('job_events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('epoch', t.integer, (c) => c.notNull())
      .addColumn('recorded_at', t.integer, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('agent_job_slots')
      .addColumn('agent_id', 'text', (c) => c.primaryKey())
      .addColumn('slots', t.integer, (c) => c.notNull())
      .addColumn('accepting', t.integer, (c) => c.notNull())
      .addColumn('updated_at', t.integer, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('agent_job_slots').execute();
    await db.schema.dropTable('job_events').execute();
    await db.schema.dropTable('jobs').execute();
  },
};
