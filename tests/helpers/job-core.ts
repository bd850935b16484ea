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

/** Processes of group pgid still running (zombies aside), from /proc: Linux only. */
export function livingGroupMembers(pgid: number): number[] {
  const members = livingGroupMembersFromProc(pgid);
  if (members === null) throw new Error('cannot read /proc: these tests need Linux');
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
