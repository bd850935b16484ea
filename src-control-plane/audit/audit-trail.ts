import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditAction, AuditDetail, AuditOutcome } from '../../src-shared/rest/audit.js';
import type { IdFactory } from '../common/id-factory.js';
import type { StoreSchema } from '../store/schema.js';
import type { AuditRepository } from './audit-repository.js';
import { DEFAULT_REFUSAL_RATE, RefusalLimiter, type RefusalRate } from './refusal-limiter.js';

/** Who acted: the API key (`bootstrap` for the bootstrap key; null for an agent or the CLI) and from where. */
export interface AuditActor {
  keyId: string | null;
  remoteAddress: string | null;
}

/** What happened, to what. `detail` holds facts such as a revoke's reason: never a secret. */
export interface AuditRecord {
  action: AuditAction;
  target: string | null;
  detail?: AuditDetail;
}

/** What a change answers: its result, and its audit record (null when it turned out to change nothing). */
export interface AuditedChange<T> {
  result: T;
  audit: AuditRecord | null;
}

export interface AuditTrailDeps {
  repository: AuditRepository;
  ids: Pick<IdFactory, 'auditId'>;
  now: () => number;
  log: Pick<Logger, 'warn'>;
  refusalRate?: RefusalRate;
}

/** The actor of what the CLI does offline: no key, no address. */
export const CLI_ACTOR: AuditActor = { keyId: null, remoteAddress: null };

/**
 * The audit trail every feature writes to. A change and its row commit in one transaction (`change`),
 * so a change that fails or rolls back leaves no row and no row claims a change that did not happen.
 * Refused requests (`refused`) are written on their own, at a bounded rate.
 */
export class AuditTrail {
  private readonly limiter: RefusalLimiter;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: AuditTrailDeps) {
    this.limiter = new RefusalLimiter(deps.refusalRate ?? DEFAULT_REFUSAL_RATE, deps.now);
  }

  /**
   * Runs `work` in one transaction with the audit row of what it did. `work` must do its writes
   * (and reads it decides on) through `tx` only: on SQLite another handle waits for this transaction.
   * If `work` throws, nothing it wrote and no audit row is kept.
   */
  async change<T>(
    actor: AuditActor,
    work: (tx: Kysely<StoreSchema>) => Promise<AuditedChange<T>>,
  ): Promise<T> {
    return this.deps.repository.transaction(async (tx, audit) => {
      const { result, audit: record } = await work(tx);
      if (record !== null) await audit.insert(this.row(actor, record, 'success'));
      return result;
    });
  }

  /** Records an event that is not a write of ours (in its own statement). */
  async record(actor: AuditActor, record: AuditRecord, outcome: AuditOutcome = 'success'): Promise<void> {
    await this.deps.repository.insert(this.row(actor, record, outcome));
  }

  /**
   * A request refused for its credential, recorded in the background at a bounded rate (see
   * RefusalLimiter): a failure to write it is logged, never the caller's problem.
   */
  refused(actor: AuditActor, record: AuditRecord): void {
    const admission = this.limiter.admit();
    if (!admission.admitted) return;
    const detail =
      admission.suppressedBefore > 0
        ? { ...record.detail, suppressed_before: admission.suppressedBefore }
        : record.detail;
    const write = this.record(actor, { ...record, detail }, 'refused')
      .catch((error: unknown) =>
        this.deps.log.warn({ err: error, action: record.action }, 'audit write failed'),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Waits for refusals still being written (before the store closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private row(actor: AuditActor, record: AuditRecord, outcome: AuditOutcome) {
    return {
      id: this.deps.ids.auditId(),
      at: this.deps.now(),
      action: record.action,
      outcome,
      target: record.target,
      key_id: actor.keyId,
      remote_address: actor.remoteAddress,
      detail_json: JSON.stringify(record.detail ?? {}),
    };
  }
}
