import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_ID_PATTERN } from '../../src-shared/ids.js';
import type { BootMark } from './boot-mark.js';
import { sameBoot } from './boot-mark.js';
import { jobPaths, jobsStateRoot } from './job-paths.js';
import type { JobResult, StepResult } from './job-result.js';
import { JobResult as JobResultSchema } from './job-result.js';
import type { JournalRecord } from './job-journal.js';
import { readJournal, writeJournal } from './job-journal.js';
import { LogSpool } from './log-spool.js';
import type { Outbox, OutboxEvent } from './outbox.js';
import type { ProcessTree, TerminateOutcome } from './process-tree.js';
import { jobLostMarker } from './spool-markers.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface RecoveryDeps {
  dataDir: string;
  outbox: Outbox;
  tree: ProcessTree;
  bootMark: BootMark;
  wallClock: () => number;
}

/** A job the previous run left, and what is still owed to the server about it. */
export interface RecoveredJob {
  jobId: string;
  attempt: number;
  spoolPath: string;
  /** The spool's final length: ship it up to here, then the job's files can go. */
  spoolLength: number;
  result: JobResult;
  /** `lost` when this recovery ended it; otherwise it had finished before the crash. */
  recoveredAs: 'lost' | 'finished' | 'reported';
  /** What happened to the process group the journal named (`not_ours` after a reboot). */
  processes: TerminateOutcome | 'not_ours' | 'none';
}

export interface RecoveryReport {
  jobs: RecoveredJob[];
  /** Journals that could not be read: left in place, named, for an operator. */
  unreadable: { path: string; error: string }[];
}

/**
 * On start, before taking new work: finds the previous run's jobs from their journals, kills what is
 * left of their process groups (only on the same boot: after a reboot the pid may be anyone's),
 * closes their spools as they stand and queues a `lost` result for each job that was still running.
 */
export async function recoverJobs(deps: RecoveryDeps): Promise<RecoveryReport> {
  const root = jobsStateRoot(deps.dataDir);
  const report: RecoveryReport = { jobs: [], unreadable: [] };
  const names = existsSync(root) ? readdirSync(root).filter((name) => JOB_ID_PATTERN.test(name)) : [];
  for (const jobId of names) {
    const paths = jobPaths(deps.dataDir, jobId);
    let record: JournalRecord | null;
    try {
      record = readJournal(paths.journal);
    } catch (error) {
      report.unreadable.push({
        path: paths.journal,
        error: errorMessage(error),
      });
      continue;
    }
    // A state folder with no journal never got past the first line of accept: nothing ran.
    if (record === null) {
      rmSync(paths.stateDir, { recursive: true, force: true });
      continue;
    }
    report.jobs.push(await recoverOne(record, paths.spool, deps));
  }
  removeOrphanWorkspaces(deps.dataDir, new Set(names));
  return report;
}

async function recoverOne(
  record: JournalRecord,
  spoolPath: string,
  deps: RecoveryDeps,
): Promise<RecoveredJob> {
  const base = { jobId: record.jobId, attempt: record.attempt, spoolPath };
  if (record.state === 'reported' || record.state === 'finished') {
    if (!record.result)
      throw new Error(`job journal of ${record.jobId} says ${record.state} but holds no result`);
    // Finished but not queued: the ack came and the journal did not hear of it. Queue it again under
    // its old id, so the server sees the same idempotency key and commits nothing twice.
    if (record.state === 'finished' && !queuedResult(deps.outbox, record))
      enqueueResult(deps.outbox, record, record.result, record.resultEventId ?? undefined);
    return {
      ...base,
      spoolLength: record.result.logLength,
      result: record.result,
      recoveredAs: record.state,
      processes: 'none',
    };
  }
  const processes = await killLeftovers(record, deps);
  // The result may have reached the outbox just before the crash, ahead of the journal.
  const queued = queuedResult(deps.outbox, record);
  if (queued) {
    writeJournal(jobPaths(deps.dataDir, record.jobId).journal, {
      ...record,
      state: 'finished',
      pid: null,
      result: queued.result,
      resultEventId: queued.id,
    });
    return {
      ...base,
      spoolLength: queued.result.logLength,
      result: queued.result,
      recoveredAs: 'finished',
      processes,
    };
  }
  const spool = existsSync(spoolPath) ? await LogSpool.resume(spoolPath) : LogSpool.create(spoolPath);
  spool.writeMarker(
    jobLostMarker('the agent stopped while the job ran; it was ended when the agent started again'),
  );
  spool.close();
  const facts = spool.facts();
  const result: JobResult = {
    status: 'lost',
    exitCode: null,
    steps: lostSteps(record),
    logLength: facts.length,
    logSha256: facts.sha256,
    logTruncated: facts.truncated,
    startedAt: record.startedAt,
    finishedAt: deps.wallClock(),
  };
  const event = enqueueResult(deps.outbox, record, result);
  writeJournal(jobPaths(deps.dataDir, record.jobId).journal, {
    ...record,
    state: 'finished',
    pid: null,
    result,
    resultEventId: event.id,
  });
  return { ...base, spoolLength: facts.length, result, recoveredAs: 'lost', processes };
}

async function killLeftovers(record: JournalRecord, deps: RecoveryDeps): Promise<RecoveredJob['processes']> {
  if (record.pid === null) return 'none';
  if (!sameBoot(record.boot, deps.bootMark)) return 'not_ours';
  return deps.tree.kill(record.pid);
}

function lostSteps(record: JournalRecord): StepResult[] {
  const steps = [...record.stepsDone];
  for (const name of record.stepNames.slice(steps.length)) {
    const wasRunning = steps.length === record.stepNumber - 1 && record.stepNumber > 0;
    steps.push({ name, status: wasRunning ? 'lost' : 'skipped', exitCode: null });
  }
  return steps;
}

function queuedResult(outbox: Outbox, record: JournalRecord): { id: string; result: JobResult } | null {
  const event = outbox
    .pending()
    .find((e) => e.type === 'result' && e.jobId === record.jobId && e.attempt === record.attempt);
  if (!event) return null;
  const parsed = JobResultSchema.safeParse(event.payload.result);
  return parsed.success ? { id: event.id, result: parsed.data } : null;
}

function enqueueResult(outbox: Outbox, record: JournalRecord, result: JobResult, id?: string): OutboxEvent {
  return outbox.enqueue({
    type: 'result',
    jobId: record.jobId,
    attempt: record.attempt,
    payload: { leaseEpoch: record.leaseEpoch, result },
    id,
  });
}

/** A workspace whose job has no state left is debris of a cleanup cut short. */
function removeOrphanWorkspaces(dataDir: string, known: ReadonlySet<string>): void {
  const work = join(dataDir, 'work');
  if (!existsSync(work)) return;
  for (const name of readdirSync(work))
    if (JOB_ID_PATTERN.test(name) && !known.has(name))
      rmSync(join(work, name), { recursive: true, force: true });
}
