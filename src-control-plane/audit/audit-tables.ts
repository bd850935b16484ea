import type { Kysely, Selectable } from 'kysely';
import type { StoreSchema } from '../store/schema.js';

/** The audit trail's table (migration 0007). Times are epoch ms; `detail_json` a flat JSON object. */
export interface AuditEventsTable {
  id: string;
  at: number;
  action: string;
  outcome: string;
  target: string | null;
  key_id: string | null;
  remote_address: string | null;
  detail_json: string;
}

// A type alias, not an interface: `withTables` wants an index-compatible record.
export type AuditSchema = { audit_events: AuditEventsTable };

export type AuditDb = Kysely<StoreSchema & AuditSchema>;
export type AuditRow = Selectable<AuditEventsTable>;

export function auditDb(db: Kysely<StoreSchema>): AuditDb {
  return db.withTables<AuditSchema>();
}
