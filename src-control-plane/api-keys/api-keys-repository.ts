import type { Kysely } from 'kysely';
import type { ApiKeyRow, NewApiKeyRow, StoreSchema } from '../store/schema.js';

/** All SQL about API keys. */
export class ApiKeysRepository {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** The same statements, inside a transaction another feature opened (the audit trail's). */
  in(tx: Kysely<StoreSchema>): ApiKeysRepository {
    return new ApiKeysRepository(tx);
  }

  async insert(row: NewApiKeyRow): Promise<void> {
    await this.db.insertInto('api_keys').values(row).execute();
  }

  async findById(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Ordered by id, which is creation order (monotonic ULIDs). */
  async list(afterId: string | undefined, limit: number): Promise<ApiKeyRow[]> {
    let query = this.db.selectFrom('api_keys').selectAll().orderBy('id').limit(limit);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    return query.execute();
  }

  /** Marks the key revoked at `at` unless it already was; false when it was (or does not exist). */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
