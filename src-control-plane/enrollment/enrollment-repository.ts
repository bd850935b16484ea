import type { Kysely } from 'kysely';
import type { AgentPatch, AgentRow, StoreSchema } from '../store/schema.js';

/** What redemption reads of the agent whose token hash was presented. */
export type TokenHolder = Pick<
  AgentRow,
  'id' | 'status' | 'token_expires_at' | 'metadata_json' | 'tags_json'
>;

/** The SQL of token redemption, on the agents table. */
export class EnrollmentRepository {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** The same statements, inside a transaction (the audit trail's, which adds the enrollment's row). */
  in(tx: Kysely<StoreSchema>): EnrollmentRepository {
    return new EnrollmentRepository(tx);
  }

  /**
   * Reads the agent holding `tokenHash`, lets `enroll` refuse (it throws) or answer the columns the
   * enrolled agent gets, and writes them only while that agent is still pending with this token
   * unexpired at `now`. The condition repeats the checks, so a redemption that raced this one cannot
   * both win: the loser gets null. Run it in a transaction (`in`), so the read and write are one.
   */
  async redeem(
    tokenHash: string,
    now: number,
    enroll: (holder: TokenHolder | undefined) => AgentPatch,
  ): Promise<string | null> {
    const holder = await this.db
      .selectFrom('agents')
      .select(['id', 'status', 'token_expires_at', 'metadata_json', 'tags_json'])
      .where('enrollment_token_hash', '=', tokenHash)
      .executeTakeFirst();
    const patch = enroll(holder);
    if (holder === undefined) return null;
    const updated = await this.db
      .updateTable('agents')
      .set(patch)
      .where('id', '=', holder.id)
      .where('status', '=', 'pending')
      .where('enrollment_token_hash', '=', tokenHash)
      .where('token_expires_at', '>', now)
      .executeTakeFirst();
    return updated.numUpdatedRows === 1n ? holder.id : null;
  }
}
