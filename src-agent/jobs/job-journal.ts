import { z } from 'zod';
import { JsonRecordFile } from '../../src-node/files/json-record-file.js';
import { JobId } from '../../src-shared/ids.js';
import { BootMark } from './boot-mark.js';
import { JobResult, StepResult } from './job-result.js';

/**
 * One small file per job that says how far it got, written durably at every change that matters
 * for a crash: the step's process group (so the next start can kill it) and the result (so it is
 * reported, not rerun or forgotten).
 */
/** `reported`: the server acked the result; only the log may still be shipping. */
export const JournalState = z.enum(['accepted', 'running', 'finished', 'reported']);
export type JournalState = z.infer<typeof JournalState>;

export const JournalRecord = z.object({
  version: z.literal(1),
  jobId: JobId,
  attempt: z.number().int().positive(),
  leaseEpoch: z.number().int().positive(),
  state: JournalState,
  /** The running step's process-group leader (its pid is the pgid on POSIX); null between steps. */
  pid: z.number().int().positive().nullable(),
  /** 1-based number of the step running or last run; 0 before the first. */
  stepNumber: z.number().int().nonnegative(),
  stepNames: z.array(z.string()),
  /** Steps that have ended, in order (the rest never ran or were running). */
  stepsDone: z.array(StepResult),
  boot: BootMark,
  /** Epoch ms the first step started, or null. */
  startedAt: z.number().nullable(),
  result: JobResult.nullable(),
  /** The result's outbox event id, kept so a result queued again after a crash keeps its key. */
  resultEventId: z.string().nullable(),
});
export type JournalRecord = z.infer<typeof JournalRecord>;

function journalFile(path: string): JsonRecordFile<JournalRecord> {
  return new JsonRecordFile(path, JournalRecord, { what: `job journal ${path}` });
}

export function writeJournal(path: string, record: JournalRecord): void {
  journalFile(path).write(record);
}

/** The record, null when there is no file, or an error naming the file and what is wrong in it. */
export function readJournal(path: string): JournalRecord | null {
  return journalFile(path).read();
}
