import { describe, expect, it } from 'vitest';
import { JobOutputLines } from './job-output-lines.js';

describe('JobOutputLines', () => {
  it('joins a line split across chunks and keeps jobs apart', () => {
    const lines = new JobOutputLines();
    expect(lines.push('job_a', 'one\ntw', 0)).toEqual(['one']);
    expect(lines.push('job_b', 'other\n', 0)).toEqual(['other']);
    expect(lines.push('job_a', 'o\r\nthree\n', 0)).toEqual(['two', 'three']);
    expect(lines.end('job_a')).toEqual([]);
  });

  it("gives a job's last line without a newline when the job ends", () => {
    const lines = new JobOutputLines();
    expect(lines.push('job_a', 'done', 0)).toEqual([]);
    expect(lines.end('job_a')).toEqual(['done']);
    expect(lines.end('job_a')).toEqual([]);
  });

  it('says how much it skipped, after what it had', () => {
    const lines = new JobOutputLines();
    lines.push('job_a', 'half', 0);
    expect(lines.push('job_a', 'tail\n', 4096)).toEqual([
      'half',
      "… 4096 bytes of output not shown live (the job's full log is on the control plane)",
      'tail',
    ]);
  });

  it('shows a huge unterminated line in bounded pieces', () => {
    const lines = new JobOutputLines();
    const shown = lines.push('job_a', 'x'.repeat(40 * 1024), 0);
    expect(shown.map((l) => l.length)).toEqual([16 * 1024, 16 * 1024]);
    expect(lines.end('job_a')).toEqual(['x'.repeat(8 * 1024)]);
  });
});
