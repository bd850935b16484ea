import { readFileSync } from 'node:fs';
import type { StepInput } from '../../helpers/real-agent-jobs.js';

/**
 * A step that prints bytes the test can recompute (from the job id alone) over a chosen time, and
 * records each run of itself by appending its job id to a shared file: a job that ran twice shows
 * there as two lines (appends of one short line are atomic under O_APPEND).
 */
const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(5);

export interface PrintingStep {
  lines: number;
  delaySeconds: number;
  runsFile: string;
}

export function printingStep({ lines, delaySeconds, runsFile }: PrintingStep): StepInput {
  return {
    name: 'print',
    run:
      'echo "$PLANASONIX_JOB_ID" >> "$RUNS"; i=1; while [ "$i" -le "$LINES" ]; do ' +
      'printf "%s %04d %s\\n" "$PLANASONIX_JOB_ID" "$i" "$PAD"; i=$((i + 1)); sleep "$DELAY"; done',
    env: { RUNS: runsFile, LINES: String(lines), DELAY: String(delaySeconds), PAD },
  };
}

/** What printingStep writes for jobId. */
export function expectedPrinted(jobId: string, lines: number): Buffer {
  let text = '';
  for (let i = 1; i <= lines; i += 1) text += `${jobId} ${String(i).padStart(4, '0')} ${PAD}\n`;
  return Buffer.from(text);
}

/** How many times each job's step started, from the runs file. */
export function runCounts(runsFile: string): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(runsFile, 'utf8');
  } catch {
    return counts;
  }
  for (const id of text.split('\n').filter((l) => l !== '')) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
