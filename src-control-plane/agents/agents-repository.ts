import { sql, type Kysely } from 'kysely';
import type { AgentPatch, AgentRow, NewAgentRow, StoreSchema } from '../store/schema.js';

export interface AgentListFilter {
  status?: string;
  /** Case-insensitive (ASCII) substring of the label. */
  labelContains?: string;
  /** Keyset: only ids strictly after this one. */
  afterId?: string;
  limit: number;
}

/** All SQL about agents. Transitions are conditional updates, so two racing requests cannot both win. */
export class AgentsRepository {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** The same statements, inside a transaction another feature opened (the audit trail's). */
  in(tx: Kysely<StoreSchema>): AgentsRepository {
    return new AgentsRepository(tx);
  }

  async insert(row: NewAgentRow): Promise<void> {
    await this.db.insertInto('agents').values(row).execute();
  }

  async findById(id: string): Promise<AgentRow | undefined> {
    return this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Ordered by id, which is creation order (ids are monotonic ULIDs). */
  async list(filter: AgentListFilter): Promise<AgentRow[]> {
    let query = this.db.selectFrom('agents').selectAll().orderBy('id').limit(filter.limit);
    if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.labelContains !== undefined) {
      const pattern = `%${escapeLike(filter.labelContains)}%`;
      // SQLite's LIKE ignores ASCII case and PostgreSQL's does not: lower() on both sides says it once.
      query = query.where(sql<boolean>`lower(label) like lower(${pattern}) escape '\\'`);
    }
    return query.execute();
  }

  /** Active agents with a live session whose last sign of life is at or after `seenSince`. */
  async listConnected(seenSince: number): Promise<AgentRow[]> {
    return this.db
      .selectFrom('agents')
      .selectAll()
      .where('status', '=', 'active')
      .where('connected_since', 'is not', null)
      .where('last_seen_at', '>=', seenSince)
      .orderBy('id')
      .execute();
  }

  /** Applies the patch only while the agent is in one of `fromStatuses`; false when it was not. */
  async updateIfStatus(id: string, fromStatuses: readonly string[], patch: AgentPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('agents')
      .set(patch)
      .where('id', '=', id)
      .where('status', 'in', fromStatuses)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** How many agents have each status (for the metrics). */
  async statusCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('agents')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return new Map(rows.map((row) => [row.status, Number(row.n)]));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('agents').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
