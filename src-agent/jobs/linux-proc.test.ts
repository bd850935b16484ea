import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { livingGroupMembers, readProcStat } from './linux-proc.js';

function fakeProc(entries: Record<number, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'proc-'));
  for (const [pid, stat] of Object.entries(entries)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'stat'), stat);
  }
  mkdirSync(join(root, 'self'));
  return root;
}

describe('linux /proc reading', () => {
  it('reads state and group past a command name with spaces and parentheses', () => {
    const root = fakeProc({ 12: '12 (a) b) S 1 40 40 0 -1' });
    expect(readProcStat(12, root)).toEqual({ pid: 12, state: 'S', pgrp: 40 });
    expect(readProcStat(13, root)).toBeNull();
  });

  it('lists a group’s members without its zombies', () => {
    const root = fakeProc({
      20: '20 (sh) S 1 20 20 0',
      21: '21 (sleep) Z 1 20 20 0',
      22: '22 (sleep) R 20 20 20 0',
      23: '23 (other) S 1 99 99 0',
    });
    expect(livingGroupMembers(20, root)?.sort()).toEqual([20, 22]);
    expect(livingGroupMembers(21, join(root, 'missing'))).toBeNull();
  });

  it.runIf(process.platform === 'linux')('finds this process in its own group on this machine', () => {
    const self = readFileSync('/proc/self/stat', 'utf8');
    const pgrp = Number(self.slice(self.lastIndexOf(')') + 2).split(' ')[2]);
    expect(livingGroupMembers(pgrp)).toContain(process.pid);
  });
});
