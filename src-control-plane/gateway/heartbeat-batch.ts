import { sql } from 'kysely';
import type { ClusterDb } from '../cluster/cluster-tables.js';
import type { HeartbeatRecord } from './session-store.js';

/** Rows per statement on PostgreSQL: 9 parameters each stays far below its 65535-parameter limit. */
export const POSTGRES_BATCH_ROWS = 1000;

/**
 * One UPDATE … FROM (VALUES …) per batch (per 1000 agents): ten thousand agents heartbeating are a
 * handful of statements per flush, not ten thousand. Answers the agents it wrote: those still active
 * and still held by the session that sent the heartbeat.
 */
export async function writeHeartbeatsPostgres(
  db: ClusterDb,
  batch: readonly HeartbeatRecord[],
): Promise<Set<string>> {
  const written = new Set<string>();
  for (let start = 0; start < batch.length; start += POSTGRES_BATCH_ROWS) {
    const rows = batch.slice(start, start + POSTGRES_BATCH_ROWS).map(
      ({ agentId, sessionId, at, heartbeat: h }) =>
        sql`(${agentId}::text, ${sessionId}::text, ${at}::bigint, ${h.cpu_percent}::double precision,
          ${h.memory_percent}::double precision, ${h.disk_free_gb}::double precision,
          ${h.active_jobs}::bigint, ${h.queue_depth}::bigint, ${h.last_error}::text)`,
    );
    const result = await sql<{ id: string }>`
      update agents as a set
        heartbeat_at = v.at, last_seen_at = v.at, cpu_percent = v.cpu, memory_percent = v.mem,
        disk_free_gb = v.disk, active_jobs = v.active, queue_depth = v.depth, last_error = v.err,
        last_error_at = case when v.err is null then null
          when a.last_error is not distinct from v.err then a.last_error_at else v.at end
      from (values ${sql.join(rows)}) as v(id, session_id, at, cpu, mem, disk, active, depth, err)
      where a.id = v.id and a.status = 'active' and a.session_id = v.session_id
      returning a.id`.execute(db);
    for (const row of result.rows) written.add(row.id);
  }
  return written;
}

/** SQLite: one transaction of per-agent updates (a single writer; the file lock is the batch). */
export async function writeHeartbeatsSqlite(
  db: ClusterDb,
  batch: readonly HeartbeatRecord[],
): Promise<Set<string>> {
  const written = new Set<string>();
  await db.transaction().execute(async (trx) => {
    for (const { agentId, sessionId, at, heartbeat } of batch) {
      const row = await trx
        .updateTable('agents')
        .set({
          heartbeat_at: at,
          last_seen_at: at,
          cpu_percent: heartbeat.cpu_percent,
          memory_percent: heartbeat.memory_percent,
          disk_free_gb: heartbeat.disk_free_gb,
          active_jobs: heartbeat.active_jobs,
          queue_depth: heartbeat.queue_depth,
          last_error: heartbeat.last_error,
          // SET expressions read the row as it was, so this compares with the previous last_error.
          last_error_at:
            heartbeat.last_error === null
              ? null
              : sql<number>`case when last_error is not distinct from ${heartbeat.last_error} then last_error_at else ${at} end`,
        })
        .where('id', '=', agentId)
        .where('status', '=', 'active')
        .where('session_id', '=', sessionId)
        .returning('id')
        .executeTakeFirst();
      if (row !== undefined) written.add(row.id);
    }
  });
  return written;
}
