import { describe, expect, it } from 'vitest';
import { parsePsTable } from './job-core.js';

// The macOS branch of the process-group checks reads `ps`; Linux reads /proc (linux-proc.test.ts).
describe('parsePsTable', () => {
  it('reads pid, process group and zombie state from ps -A -o pid=,pgid=,stat=', () => {
    const text = '    1     1 Ss\n  812   812 S+\n  813   812 Z+\n 9001   812 R\n';
    expect(parsePsTable(text)).toEqual([
      { pid: 1, pgid: 1, zombie: false },
      { pid: 812, pgid: 812, zombie: false },
      { pid: 813, pgid: 812, zombie: true },
      { pid: 9001, pgid: 812, zombie: false },
    ]);
  });

  it('skips lines that are not rows (a header, blank lines)', () => {
    expect(parsePsTable('  PID  PGID STAT\n\n  7  7 S\n')).toEqual([{ pid: 7, pgid: 7, zombie: false }]);
  });
});
