import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { systemBootMark } from '../../src-agent/jobs/boot-mark.js';
import type { JobExecutionDeps } from '../../src-agent/jobs/job-execution.js';
import { outboxDir } from '../../src-agent/jobs/job-paths.js';
import { systemMonotonicClock } from '../../src-agent/jobs/monotonic-clock.js';
import { Outbox } from '../../src-agent/jobs/outbox.js';
import { ProcessTree, systemProcessTreeDeps } from '../../src-agent/jobs/process-tree.js';
import {
  livingGroupMembers as livingGroupMembersFromProc,
  readProcStat,
} from '../../src-agent/jobs/linux-proc.js';
import { MARKER_PREFIX, parseStepEndMarker } from '../../src-agent/jobs/spool-markers.js';

/**
 * The job core: the agent's job execution (runner, spool, outbox, process tree) driven in-process
 * with real processes and a real data folder, without a session or a control plane. These are its
 * real dependencies and the checks its tests make on what it leaves behind.
 */
export function newJobId(): string {
  return `job_${ulid().toLowerCase()}`;
}

const createdDataDirs: string[] = [];

/** Removes the data folders jobCoreDeps made (for afterEach: a 50 MB spool must not pile up in /tmp). */
export function removeJobCoreDataDirs(): void {
  for (const dir of createdDataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Real dependencies for the job core over a fresh data folder (see removeJobCoreDataDirs). */
export function jobCoreDeps(overrides: Partial<JobExecutionDeps> = {}): JobExecutionDeps {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'agent-jobs-'));
  if (overrides.dataDir === undefined) createdDataDirs.push(dataDir);
  return {
    dataDir,
    outbox: Outbox.open(outboxDir(dataDir)),
    wallClock: () => Date.now(),
    bootMark: systemBootMark(),
    platform: process.platform,
    baseEnv: process.env,
    tree: new ProcessTree(systemProcessTreeDeps(systemMonotonicClock)),
    clock: systemMonotonicClock,
    ...overrides,
  };
}

/** The exact bytes step stepNumber wrote, cut out of a spool by its markers (spool-markers.ts). */
export function stepOutput(spool: Buffer, stepNumber: number): Buffer {
  const startTag = Buffer.from(`${MARKER_PREFIX}step ${stepNumber}/`);
  const start = spool.indexOf(startTag);
  if (start < 0) throw new Error(`no start marker for step ${stepNumber}`);
  const bodyStart = spool.indexOf(0x0a, start) + 1;
  // The end marker is the next line with the same tag that reads as an end marker.
  let search = bodyStart;
  for (let pass = 0; pass < 1_000_000; pass += 1) {
    const at = spool.indexOf(startTag, search);
    if (at < 0) break;
    const lineEnd = spool.indexOf(0x0a, at);
    const facts = parseStepEndMarker(spool.subarray(at, lineEnd).toString('utf8'));
    // Genuine only where the count it states ends, with nothing but agent lines between (the `\n`
    // the agent adds before a marker, a truncation marker).
    const end = facts ? bodyStart + facts.outputBytes : -1;
    if (facts && at >= end && onlyAgentLines(spool.subarray(end, at))) return spool.subarray(bodyStart, end);
    search = at + 1;
  }
  throw new Error(`no end marker for step ${stepNumber}`);
}

function onlyAgentLines(gap: Buffer): boolean {
  const text = gap.toString('latin1').replace(/^\n/, '');
  return text === '' || /^(##\[planasonix\] [^\n]*\n)+$/.test(text);
}

/** One row of `ps`, as the checks below read it. */
export interface PsRow {
  pid: number;
  pgid: number;
  zombie: boolean;
}

/** `ps -A -o pid=,pgid=,stat=` output (macOS, the BSDs): a state that starts with Z is a zombie. */
export function parsePsTable(text: string): PsRow[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[0] ?? ''))
    .map(([pid, pgid, state]) => ({
      pid: Number(pid),
      pgid: Number(pgid),
      zombie: (state ?? '').startsWith('Z'),
    }));
}

/**
 * Outside Linux there is no /proc: macOS answers with ps. Windows has no process groups (a job's
 * tree is a job object there), so the tests that check groups do not run on it and say why.
 */
function psTable(): PsRow[] {
  if (process.platform === 'win32') throw new Error('process groups do not exist on Windows');
  return parsePsTable(execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' }));
}

/** Processes of group pgid still running (zombies aside): /proc on Linux, ps elsewhere. */
export function livingGroupMembers(pgid: number): number[] {
  if (process.platform !== 'linux')
    return psTable()
      .filter((row) => row.pgid === pgid && !row.zombie)
      .map((row) => row.pid);
  const members = livingGroupMembersFromProc(pgid);
  if (members === null) throw new Error('cannot read /proc');
  return members;
}

/**
 * The group's pgid, once it has a living member. A test checks this before it says the group is
 * gone: a group that never existed (no pid recorded, a wrong one) passes every "nothing left" check.
 */
export function livingGroup(pgid: number | null | undefined): number {
  if (pgid === null || pgid === undefined || !(pgid > 0))
    throw new Error(`no process group was recorded (${String(pgid)})`);
  if (livingGroupMembers(pgid).length === 0) throw new Error(`process group ${pgid} has no living member`);
  return pgid;
}

/** True while pid runs (a zombie does not). */
export function isRunning(pid: number): boolean {
  if (process.platform !== 'linux') return psTable().some((row) => row.pid === pid && !row.zombie);
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** SIGKILLs each process group (for afterEach: whatever a failed test left must not run on). */
export function killGroups(pgids: number[]): void {
  for (const pgid of pgids.splice(0))
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
}
