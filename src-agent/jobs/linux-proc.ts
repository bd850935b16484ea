import { readdirSync, readFileSync } from 'node:fs';

/**
 * Linux only: reads process states from /proc. A signal probe of a process group also answers for
 * zombies, and where init does not reap orphans promptly (a container whose PID 1 is the agent or a
 * shell) the killed grandchildren of a step stay zombies for a long time: the group would look alive
 * and every stop would wait out its grace period for nothing. A zombie runs nothing, so it is not
 * counted.
 */
export interface ProcStat {
  pid: number;
  /** One letter: R, S, D, Z (zombie), T... */
  state: string;
  pgrp: number;
}

export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name sits in parentheses and may hold spaces or ')': the fields after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  if (!fields[0] || !Number.isInteger(pgrp)) return null;
  return { pid, state: fields[0], pgrp };
}

/** Pids in process group pgid that are not zombies; null when /proc cannot be listed. */
export function livingGroupMembers(pgid: number, procRoot = '/proc'): number[] | null {
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name), procRoot);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat.pid);
  }
  return members;
}
