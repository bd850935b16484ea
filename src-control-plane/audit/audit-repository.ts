import type { Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema.js';
import { auditDb, type AuditDb, type AuditRow } from './audit-tables.js';

export interface AuditFilter {
  action?: string;
  outcome?: string;
  target?: string;
  keyId?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Keyset: only ids strictly before this one (pages run newest first). */
  beforeId?: string;
  limit: number;
}

/** Rows deleted per statement by retention, so a large backlog never holds one long lock. */
const PRUNE_BATCH = 5_000;

/** All SQL of the audit trail. */
export class AuditRepository {
  private readonly db: AuditDb;

  constructor(private readonly store: Kysely<StoreSchema>) {
    this.db = auditDb(store);
  }

  /**
   * Runs `work` in one transaction: the store handle it gets (for a feature's own repositories) and
   * the audit repository it gets both write in it, so the change and its audit row commit together.
   */
  transaction<T>(work: (tx: Kysely<StoreSchema>, audit: AuditRepository) => Promise<T>): Promise<T> {
    return this.store.transaction().execute((tx) => work(tx, new AuditRepository(tx)));
  }

  async insert(row: AuditRow): Promise<void> {
    await this.db.insertInto('audit_events').values(row).execute();
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
    if (filter.target !== undefined) query = query.where('target', '=', filter.target);
    if (filter.keyId !== undefined) query = query.where('key_id', '=', filter.keyId);
    if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('at', '<', filter.until);
    return query.execute();
  }

  /** Deletes every row older than `before` (epoch ms), in batches; answers how many went. */
  async pruneBefore(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = this.db
        .selectFrom('audit_events')
        .select('id')
        .where('at', '<', before)
        .limit(PRUNE_BATCH);
      const result = await this.db.deleteFrom('audit_events').where('id', 'in', batch).executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }
}
