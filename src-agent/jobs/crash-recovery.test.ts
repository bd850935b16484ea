import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualMonotonicClock } from '../../tests/helpers/manual-monotonic-clock.js';
import { recoverJobs } from './crash-recovery.js';
import type { JournalRecord } from './job-journal.js';
import { readJournal, writeJournal } from './job-journal.js';
import { jobPaths, outboxDir } from './job-paths.js';
import type { JobResult } from './job-result.js';
import { Outbox } from './outbox.js';
import { ProcessTree } from './process-tree.js';

const JOB_A = 'job_01jz00000000000000000000aa';
const JOB_B = 'job_01jz00000000000000000000bb';
const BOOT = { kind: 'boot_id', value: 'this-boot' } as const;

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'recovery-'));
  const kills: string[] = [];
  const dead = new Set<number>();
  const tree = new ProcessTree({
    platform: 'linux',
    clock: new ManualMonotonicClock(),
    kill(pid, signal) {
      if (signal === 0) {
        if (dead.has(-pid)) throw Object.assign(new Error('gone'), { code: 'ESRCH' });
        return;
      }
      kills.push(`${pid} ${signal}`);
      dead.add(-pid);
    },
    run: () => Promise.resolve(),
  });
  const outbox = Outbox.open(outboxDir(dataDir));
  const deps = { dataDir, outbox, tree, bootMark: BOOT, wallClock: () => 777 };
  return { dataDir, kills, outbox, deps };
}

function journalOf(
  dataDir: string,
  jobId: string,
  patch: Partial<JournalRecord>,
  spool = 'step output',
): void {
  const paths = jobPaths(dataDir, jobId);
  mkdirSync(paths.stateDir, { recursive: true });
  mkdirSync(paths.workspace, { recursive: true });
  writeFileSync(paths.spool, spool);
  writeJournal(paths.journal, {
    version: 1,
    jobId,
    attempt: 1,
    leaseEpoch: 7,
    state: 'running',
    pid: 4242,
    stepNumber: 2,
    stepNames: ['one', 'two', 'three'],
    stepsDone: [{ name: 'one', status: 'succeeded', exitCode: 0 }],
    boot: BOOT,
    startedAt: 100,
    result: null,
    resultEventId: null,
    ...patch,
  });
}

const finishedResult: JobResult = {
  status: 'succeeded',
  exitCode: 0,
  steps: [],
  logLength: 3,
  logSha256: 'a'.repeat(64),
  logTruncated: false,
  startedAt: 1,
  finishedAt: 2,
};

describe('recoverJobs', () => {
  it('kills the group a running job left, closes its spool with a marker and queues a lost result', async () => {
    const { dataDir, kills, outbox, deps } = setup();
    journalOf(dataDir, JOB_A, {});
    const report = await recoverJobs(deps);
    expect(kills).toEqual(['-4242 SIGKILL']);
    const [job] = report.jobs;
    const spool = readFileSync(jobPaths(dataDir, JOB_A).spool, 'utf8');
    expect(spool).toMatch(/^step output\n##\[planasonix\] job lost: /);
    expect(job).toMatchObject({
      jobId: JOB_A,
      recoveredAs: 'lost',
      processes: 'killed',
      spoolLength: spool.length,
    });
    expect(job?.result.status).toBe('lost');
    expect(job?.result.steps.map((s) => s.status)).toEqual(['succeeded', 'lost', 'skipped']);
    const [event] = outbox.pending();
    expect(event).toMatchObject({
      type: 'result',
      jobId: JOB_A,
      payload: { leaseEpoch: 7, result: job?.result },
    });
    expect(readJournal(jobPaths(dataDir, JOB_A).journal)).toMatchObject({
      state: 'finished',
      resultEventId: event?.id,
    });
  });

  it('signals nothing when the journal is from another boot (the pid may be anyone now)', async () => {
    const { dataDir, kills, deps } = setup();
    journalOf(dataDir, JOB_A, { boot: { kind: 'boot_id', value: 'earlier-boot' } });
    const report = await recoverJobs(deps);
    expect(kills).toEqual([]);
    expect(report.jobs[0]).toMatchObject({ processes: 'not_ours', recoveredAs: 'lost' });
  });

  it('queues a finished job’s result again under its old id when the ack never reached the journal', async () => {
    const { dataDir, outbox, deps } = setup();
    const id = 'evt_00000000-0000-4000-8000-000000000001';
    journalOf(dataDir, JOB_A, { state: 'finished', pid: null, result: finishedResult, resultEventId: id });
    const report = await recoverJobs(deps);
    expect(report.jobs[0]).toMatchObject({ recoveredAs: 'finished', processes: 'none', spoolLength: 3 });
    expect(outbox.pending().map((e) => e.id)).toEqual([id]);
  });

  it('takes a result already in the outbox over calling the job lost', async () => {
    const { dataDir, kills, outbox, deps } = setup();
    journalOf(dataDir, JOB_A, {});
    const queued = outbox.enqueue({
      type: 'result',
      jobId: JOB_A,
      attempt: 1,
      payload: { result: finishedResult },
    });
    const report = await recoverJobs(deps);
    expect(kills).toEqual(['-4242 SIGKILL']);
    expect(report.jobs[0]).toMatchObject({ recoveredAs: 'finished', result: finishedResult });
    expect(outbox.pending()).toEqual([queued]);
  });

  it('names unreadable journals, and clears debris that never became a job', async () => {
    const { dataDir, deps } = setup();
    journalOf(dataDir, JOB_A, {});
    writeFileSync(jobPaths(dataDir, JOB_A).journal, 'garbage');
    mkdirSync(jobPaths(dataDir, JOB_B).stateDir, { recursive: true });
    const orphan = join(dataDir, 'work', 'job_01jz00000000000000000000cc');
    mkdirSync(orphan, { recursive: true });
    const report = await recoverJobs(deps);
    expect(report.jobs).toEqual([]);
    expect(report.unreadable).toEqual([
      {
        path: jobPaths(dataDir, JOB_A).journal,
        error: `job journal ${jobPaths(dataDir, JOB_A).journal} is not valid JSON`,
      },
    ]);
    expect(existsSync(jobPaths(dataDir, JOB_B).stateDir)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(jobPaths(dataDir, JOB_A).workspace)).toBe(true);
  });
});
