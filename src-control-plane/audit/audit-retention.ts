import type { Logger } from 'pino';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AuditRepository } from './audit-repository.js';

export interface AuditRetentionOptions {
  repository: AuditRepository;
  /** Rows older than this many days are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** Only the elected sweeper prunes (one replica per database does the work). */
  isSweeper: () => boolean;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
}

const DAY_MS = 24 * 3600 * 1000;
/** Soon after start, once the sweeper election had its first try. */
const FIRST_PRUNE_DELAY_MS = 2_000;

/** Deletes audit rows past the retention, soon after start and then every hour, on the sweeper only. */
export function startAuditRetention(options: AuditRetentionOptions): { stop(): Promise<void> } {
  if (options.retentionDays === 0) return { stop: () => Promise.resolve() };
  const prune = async () => {
    if (!options.isSweeper()) return;
    const deleted = await options.repository.pruneBefore(options.now() - options.retentionDays * DAY_MS);
    if (deleted > 0) options.log.info({ deleted, retentionDays: options.retentionDays }, 'audit rows pruned');
  };
  const task = new PeriodicTask(options.intervalMs ?? 3600_000, prune, options.log, FIRST_PRUNE_DELAY_MS);
  return { stop: () => task.stop() };
}
