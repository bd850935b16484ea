import type { Insertable, Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema.js';
import {
  HELD_STATUSES,
  type JobEventsTable,
  type JobPatch,
  type JobRow,
  type JobsDb,
  type JobsTable,
  jobsDb,
} from './jobs-tables.js';

export interface JobListFilter {
  agentId?: string;
  status?: string;
  afterId?: string;
  limit: number;
}

export interface AgentJobFacts {
  id: string;
  tags_json: string;
  capabilities_json: string;
  slots: number | null;
  accepting: number | null;
}

/**
 * All SQL about jobs. Every transition is a conditional update on the status and epoch the caller
 * read, so two racing writers (a reaper and a late agent message, say) cannot both win.
 */
export class JobsRepository {
  constructor(private readonly db: JobsDb) {}

  /** The same statements, inside a transaction another feature opened (the audit trail's). */
  in(tx: Kysely<StoreSchema>): JobsRepository {
    return new JobsRepository(jobsDb(tx));
  }

  /** How many jobs have each status (for the metrics). */
  async statusCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return new Map(rows.map((row) => [row.status, Number(row.n)]));
  }

  /** Runs `work` in one transaction, with a repository whose statements are part of it. */
  transaction<T>(work: (jobs: JobsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new JobsRepository(trx)));
  }

  async insert(row: Insertable<JobsTable>): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  async findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Ordered by id, which is creation order (monotonic ULIDs). */
  async list(filter: JobListFilter): Promise<JobRow[]> {
    let query = this.db.selectFrom('jobs').selectAll().orderBy('id').limit(filter.limit);
    if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
    if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return query.execute();
  }

  /** A job's held-back result (`pending_result_json`) and the epoch it was written under. */
  async pendingResult(id: string): Promise<Pick<JobRow, 'pending_result_json' | 'epoch'> | undefined> {
    return this.db
      .selectFrom('jobs')
      .select(['pending_result_json', 'epoch'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Applies the patch only while the job is still at `epoch` (an agent's write under its lease). */
  async updateAtEpoch(id: string, epoch: number, patch: JobPatch): Promise<void> {
    await this.db.updateTable('jobs').set(patch).where('id', '=', id).where('epoch', '=', epoch).execute();
  }

  /** True once an outbox event with this id was recorded (a replay is then a duplicate). */
  async eventRecorded(eventId: string): Promise<boolean> {
    const seen = await this.db
      .selectFrom('job_events')
      .select('job_id')
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return seen !== undefined;
  }

  async recordEvent(row: JobEventsTable): Promise<void> {
    await this.db.insertInto('job_events').values(row).execute();
  }

  /** Applies the patch only while the job is at this status and epoch; false when it was not. */
  async transition(
    id: string,
    from: { statuses: readonly string[]; epoch?: number },
    patch: JobPatch,
  ): Promise<boolean> {
    let query = this.db
      .updateTable('jobs')
      .set(patch)
      .where('id', '=', id)
      .where('status', 'in', from.statuses);
    if (from.epoch !== undefined) query = query.where('epoch', '=', from.epoch);
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async queued(limit: number): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('status', '=', 'queued')
      .where('cancel_requested_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async countByStatus(status: string): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', status)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Jobs each agent holds now (assigned or running). */
  async heldCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['agent_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', HELD_STATUSES)
      .groupBy('agent_id')
      .execute();
    return new Map(rows.flatMap((r) => (r.agent_id === null ? [] : [[r.agent_id, Number(r.n)] as const])));
  }

  async heldBy(agentId: string): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('agent_id', '=', agentId)
      .where('status', 'in', HELD_STATUSES)
      .orderBy('id')
      .execute();
  }

  async allHeld(): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('status', 'in', HELD_STATUSES)
      .orderBy('id')
      .execute();
  }

  /** Held jobs whose accept deadline or lease has passed. */
  async dueForRelease(now: number): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('status', 'in', HELD_STATUSES)
      .where((eb) =>
        eb.or([
          eb.and([eb('accepted_at', 'is', null), eb('accept_deadline', '<', now)]),
          eb.and([eb('accepted_at', 'is not', null), eb('lease_expires_at', '<', now)]),
        ]),
      )
      .orderBy('id')
      .limit(500)
      .execute();
  }

  /** Active agents among `ids`, with the slots they advertised (null: never advertised). */
  async agentFacts(ids: readonly string[]): Promise<AgentJobFacts[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('agents')
      .leftJoin('agent_job_slots', 'agent_job_slots.agent_id', 'agents.id')
      .select([
        'agents.id',
        'agents.tags_json',
        'agents.capabilities_json',
        'agent_job_slots.slots',
        'agent_job_slots.accepting',
      ])
      .where('agents.status', '=', 'active')
      .where('agents.id', 'in', ids)
      .execute();
  }

  async setSlots(agentId: string, slots: number, accepting: boolean, now: number): Promise<void> {
    const values = { slots, accepting: accepting ? 1 : 0, updated_at: now };
    await this.db
      .insertInto('agent_job_slots')
      .values({ agent_id: agentId, ...values })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
      .execute();
  }

  /**
   * After a restart nobody could renew anything while the server was down: every held job gets a
   * fresh lease (or accept deadline) from now, so agents have time to reconnect.
   */
  async extendAllHeld(leaseUntil: number, acceptUntil: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lease_expires_at: leaseUntil })
      .where('status', 'in', HELD_STATUSES)
      .where('accepted_at', 'is not', null)
      .execute();
    await this.db
      .updateTable('jobs')
      .set({ accept_deadline: acceptUntil })
      .where('status', '=', 'assigned')
      .where('accepted_at', 'is', null)
      .execute();
  }

  /** Heartbeats renew every lease the agent holds on an accepted job. */
  async renewLeases(agentId: string, until: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lease_expires_at: until })
      .where('agent_id', '=', agentId)
      .where('status', 'in', HELD_STATUSES)
      .where('accepted_at', 'is not', null)
      .execute();
  }
}
